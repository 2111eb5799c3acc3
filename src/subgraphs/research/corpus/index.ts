/**
 * The corpus's part of the research subgraph's resolver map, in one place: sharing with a signed HRESEARCH
 * consent (sharing.ts), k-anonymous browsing, aggregates, outcomes and NDJSON export (browse.ts), private
 * sharing networks (networks.ts) and the anonymous peer relay (relay.ts), over the research store
 * (corpus-store.ts, network-store.ts, relay-store.ts) and the pure rules of src/core/deid. The subgraph's
 * index.ts spreads `Query`, `Mutation` and `types`.
 */
import { browseQueries } from './browse.ts'
import { researchK } from './config.ts'
import { corpusStore } from './model.ts'
import type { CorpusRecordOut, NetworkMemberOut } from './model.ts'
import { networkMutations, networkQueries, SharingNetwork } from './networks.ts'
import { RelayMessage, relayMutations, relayQueries } from './relay.ts'
import type { CorpusRecordResolvers, NetworkMemberResolvers, QueryResolvers, ResearchShareRequestResolvers, ResearchShareResolvers } from '../resolvers-types.generated.ts'
import { sharingMutations, sharingQueries } from './sharing.ts'

const qiFields = {
  ageBand: (r: CorpusRecordOut | NetworkMemberOut) => r.qi.ageBand,
  sex: (r: CorpusRecordOut | NetworkMemberOut) => r.qi.sex,
  region: (r: CorpusRecordOut | NetworkMemberOut) => r.qi.region,
  occupation: (r: CorpusRecordOut | NetworkMemberOut) => r.qi.occupation
}

const CorpusRecord: CorpusRecordResolvers = { ...qiFields }
const NetworkMember: NetworkMemberResolvers = {
  ...qiFields,
  conditions: (m) => [...new Set(m.records.filter((r) => r.resourceType === 'Condition').flatMap((r) => {
    const codings = (r.code as { coding?: Array<{ system?: string, code?: string }> } | undefined)?.coding ?? []
    return codings.map((c) => `${c.system ?? ''}|${c.code ?? ''}`)
  }))]
}
const ResearchShareRequest: ResearchShareRequestResolvers = { createdAt: (r) => r.createdAt }
const ResearchShare: ResearchShareResolvers = { sharedAt: (s) => s.sharedAt, releasedAt: (s) => s.releasedAt ?? null }

// released copies only: a count that moved at share time (the ledger's ResearchShared entries) would tell a
// researcher when a share of how many records happened, to be matched with the next release
const researchCorpus: QueryResolvers['researchCorpus'] = (_p, _a, ctx) => {
  const store = corpusStore(ctx)
  return { sharedRecords: store.copyCount(), k: researchK(), pendingPeople: store.pendingPeople() }
}

export const corpusResolvers = {
  Query: { researchCorpus, ...sharingQueries, ...browseQueries, ...networkQueries, ...relayQueries },
  Mutation: { ...sharingMutations, ...networkMutations, ...relayMutations },
  types: { CorpusRecord, NetworkMember, ResearchShareRequest, ResearchShare, SharingNetwork, RelayMessage }
}
