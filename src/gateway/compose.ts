import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { composeServices } from '@apollo/composition'
import { parse } from 'graphql'

/** The subgraphs, in the order the supergraph lists them. One SDL file each in `schema/`. */
export const SUBGRAPH_NAMES = ['identity', 'records', 'consent', 'emergency', 'research', 'ledger'] as const
export type SubgraphName = typeof SUBGRAPH_NAMES[number]

export const SCHEMA_DIR = join(import.meta.dirname, '../../schema')

/** The SDL text of one subgraph. */
export function subgraphSdl (name: SubgraphName): string {
  return readFileSync(join(SCHEMA_DIR, `${name}.graphql`), 'utf8')
}

/**
 * Composes the Federation 2 supergraph from the SDL files.
 * @throws Error listing every composition error
 */
export function composeSupergraph (): string {
  const result = composeServices(SUBGRAPH_NAMES.map((name) => ({
    name,
    // The URL is a placeholder: the gateway maps each subgraph to in-process or to a configured URL.
    url: `http://${name}.subgraph.invalid/graphql`,
    typeDefs: parse(subgraphSdl(name))
  })))
  if (result.errors !== undefined) {
    throw new Error('supergraph composition failed:\n' + result.errors.map((e) => `- ${e.message}`).join('\n'))
  }
  return result.supergraphSdl
}

/** The checked-in supergraph. */
export function readSupergraph (): string {
  return readFileSync(join(SCHEMA_DIR, 'supergraph.graphql'), 'utf8')
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(join(SCHEMA_DIR, 'supergraph.graphql'), composeSupergraph())
  process.stdout.write('schema/supergraph.graphql composed from ' + SUBGRAPH_NAMES.join(', ') + '\n')
}
