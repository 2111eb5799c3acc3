import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { composeServices } from '@apollo/composition'
import { parse } from 'graphql'
import { SCHEMA_DIR, SUBGRAPH_NAMES, subgraphSdl } from '../shared/subgraphs.ts'

export { SCHEMA_DIR, SUBGRAPH_NAMES, subgraphSdl } from '../shared/subgraphs.ts'
export type { SubgraphName } from '../shared/subgraphs.ts'

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
