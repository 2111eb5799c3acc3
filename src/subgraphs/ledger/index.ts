/**
 * The ledger subgraph: signed blocks and proofs, public to everyone (blocks hold only hashes); single
 * entries (entries.ts) only for their parties and auditors.
 */
import { makeError } from '../../core/errors.ts'
import type { SubgraphModule } from '../subgraph.ts'
import type { LedgerBlockResolvers, QueryResolvers, Resolvers } from './resolvers-types.generated.ts'
import { blocksByHeight, cursorHeight, heightCursor, pageNewestFirst } from './blocks.ts'
import { LedgerEntryFields, readableEntry } from './entries.ts'

/** The largest page ledgerBlocks serves. */
export const MAX_BLOCKS_PAGE = 100

const Query: QueryResolvers = {
  /** @throws as {@link readableEntry} */
  ledgerEntry: (_p, { index }, ctx) => {
    readableEntry(ctx, index)
    return { index }
  },
  ledgerHead: (_p, _a, ctx) => ctx.services.ledger.latestBlock() ?? null,
  ledgerBlock: async (_p, { height }, ctx) => blocksByHeight(ctx).load(height),
  /** @throws MedledgerError BAD_INPUT for `first` outside 0…100 or a foreign cursor */
  ledgerBlocks: (_p, { first, after }, ctx) => {
    const size = first ?? 20
    if (!Number.isSafeInteger(size) || size < 0 || size > MAX_BLOCKS_PAGE) throw makeError(`first must be between 0 and ${MAX_BLOCKS_PAGE}`, 'BAD_INPUT')
    const blocks = ctx.services.ledger.blocks()
    const { nodes, hasNextPage } = pageNewestFirst(blocks, size, after === null || after === undefined ? undefined : cursorHeight(after))
    const last = nodes[nodes.length - 1]
    return { nodes, totalCount: blocks.length, pageInfo: { hasNextPage, endCursor: last === undefined ? null : heightCursor(last.height) } }
  },
  /**
   * RFC 9162 §2.1.4 proof that the tree of `fromSize` entries is a prefix of the tree of `toSize`.
   * @throws MedledgerError BAD_INPUT unless 0 ≤ fromSize ≤ toSize ≤ the ledger's size
   */
  consistencyProof: (_p, { fromSize, toSize }, ctx) => {
    const size = ctx.services.ledger.size()
    if (!Number.isSafeInteger(fromSize) || !Number.isSafeInteger(toSize) || fromSize < 0 || fromSize > toSize || toSize > size) {
      throw makeError(`sizes must satisfy 0 ≤ fromSize ≤ toSize ≤ ${size}`, 'BAD_INPUT', { fromSize, toSize, size })
    }
    return ctx.services.ledger.consistencyProof(fromSize, toSize)
  }
}

const LedgerBlock: LedgerBlockResolvers = {
  __resolveReference: async (ref, ctx) => blocksByHeight(ctx).load(ref.height),
  // Parents are full rows: __resolveReference and every query resolve to them.
  time: (block) => (block).time,
  timeMs: (block) => (block).time
}

export const resolvers: Resolvers = { Query, LedgerBlock, LedgerEntry: LedgerEntryFields }

/** The ledger subgraph module (schema/ledger.graphql). */
export const ledgerSubgraph: SubgraphModule = { name: 'ledger', resolvers }
