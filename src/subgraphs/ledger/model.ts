import type { LedgerBlock } from '../../ports/ledger.ts'

/** A signed block as the ledger stores it (`time` in ms since epoch); the LedgerBlock resolvers read it. */
export type LedgerBlockRow = LedgerBlock

/** A LedgerEntry parent: its index, reached through ledgerEntry or a reference another subgraph returned. */
export interface LedgerEntryRef { index: number }
