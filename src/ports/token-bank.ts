/**
 * The token bank: balances, totals, used refs and per-account history, derived from the token entries of the
 * ledger and nothing else. It records how many ledger entries it has consumed and catches up from there, so
 * it is never behind the ledger; an empty bank rebuilds from entry 0. Two adapters: SQLite
 * (`<data folder>/tokens.db`, one process) and PostgreSQL (any number of processes over one database).
 *
 * Invariants every adapter keeps: no balance below zero, the sum of balances equals minted − burned, a ref
 * applies once. Moves that check a balance and then append to the ledger run inside {@link TokenBank.exclusive},
 * which admits one mover at a time — within the process (SQLite) or across every process sharing the
 * database (PostgreSQL) — so the balance a batch was checked against is the balance it lands on.
 */
import type { TokenAccount, TokenEntry } from '../core/tokens/index.ts'
import type { LedgerEntry } from '../core/ledger/types.ts'

/** One line of an account's history. */
export interface TokenMoveRow {
  ledgerIndex: number
  account: TokenAccount
  /** Positive for a credit, negative for a debit. */
  delta: number
  type: TokenEntry['type']
  reason: string
  ref: string
  /** The other account of a transfer. */
  counterparty: TokenAccount | null
  time: number
}

/** What the bank reads from the ledger: the embedded `Ledger` (synchronous) and a `LedgerLog` both fit. */
export interface TokenLedgerView {
  size(): number | Promise<number>
  entries(from?: number, to?: number): Iterable<{ index: number, entry: LedgerEntry }> | AsyncIterable<{ index: number, entry: LedgerEntry }>
}

/** The token bank port; every method is asynchronous. */
export interface TokenBank {
  /**
   * Applies the token entries the ledger gained since the last call, in one transaction.
   * @throws MedledgerError LEDGER_CORRUPT when a ledger entry would take a balance below zero or is malformed
   */
  catchUp(ledger: TokenLedgerView): Promise<void>
  /** Ledger entries consumed so far. */
  position(): Promise<number>
  /** True when a token entry with this ref is applied. */
  hasRef(ref: string): Promise<boolean>
  /** Balance of one account (0 when never seen). */
  balance(account: TokenAccount): Promise<number>
  /** Every non-zero balance. */
  balances(): Promise<Map<TokenAccount, number>>
  /** Tokens minted and burned so far. */
  totals(): Promise<{ minted: number, burned: number }>
  /** An account's moves, newest first, strictly before ledger index `before`, at most `limit`. */
  history(account: TokenAccount, limit: number, before?: number): Promise<TokenMoveRow[]>
  /** Every move of an account, oldest first (escrow accounts hold a campaign's donations). */
  allMoves(account: TokenAccount): Promise<TokenMoveRow[]>
  /**
   * Runs `fn` as the only mover of this bank: within the process for SQLite, across every process sharing
   * the database for PostgreSQL. Resolves or rejects as `fn` does; a failing `fn` releases the turn.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>
  /** Releases what the adapter holds (never a shared pool). */
  close(): void
}
