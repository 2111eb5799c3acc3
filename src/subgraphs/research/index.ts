/**
 * The research subgraph. For now an aggregate summary of the open research corpus; shares, cohorts and
 * k-anonymous browsing arrive with issue 8.
 */
import type { LedgerView } from '../../adapters/ledger-embedded/ledger-reader.ts'
import type { SubgraphModule } from '../subgraph.ts'
import type { Resolvers } from './resolvers-types.generated.ts'

/** k of k-anonymity when MEDLEDGER_RESEARCH_K is unset. */
export const DEFAULT_K = 5

/**
 * The corpus's k: `MEDLEDGER_RESEARCH_K` (an integer ≥ 2), else {@link DEFAULT_K}.
 * @throws RangeError when the variable is set to anything else
 */
export function researchK (env: Record<string, string | undefined> = process.env): number {
  const raw = env.MEDLEDGER_RESEARCH_K
  if (raw === undefined || raw === '') return DEFAULT_K
  const k = Number(raw)
  if (!Number.isSafeInteger(k) || k < 2) throw new RangeError('MEDLEDGER_RESEARCH_K must be an integer ≥ 2')
  return k
}

/**
 * How many ResearchShared entries the ledger holds. A full scan per call: fine while the corpus is empty
 * (issue 8 adds a research store that keeps the count).
 */
export function countResearchShares (ledger: Pick<LedgerView, 'entries'>): number {
  let n = 0
  for (const { entry } of ledger.entries()) if (entry.type === 'ResearchShared') n++
  return n
}

export const resolvers: Resolvers = {
  Query: {
    researchCorpus: (_p, _a, ctx) => ({ sharedRecords: countResearchShares(ctx.services.ledger), k: researchK() })
  }
}

/** The research subgraph module (schema/research.graphql). */
export const researchSubgraph: SubgraphModule = { name: 'research', resolvers }
