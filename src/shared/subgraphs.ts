import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The subgraphs, in the order the supergraph lists them. One SDL file each in `schema/`. */
export const SUBGRAPH_NAMES = ['identity', 'records', 'consent', 'emergency', 'research', 'ledger'] as const
export type SubgraphName = typeof SUBGRAPH_NAMES[number]

/** The folder of the SDL files (`schema/<name>.graphql`) and the composed `supergraph.graphql`. */
export const SCHEMA_DIR = join(import.meta.dirname, '../../schema')

/**
 * The SDL text of one subgraph.
 * @throws Error from node:fs when the file is missing
 */
export function subgraphSdl (name: SubgraphName): string {
  return readFileSync(join(SCHEMA_DIR, `${name}.graphql`), 'utf8')
}
