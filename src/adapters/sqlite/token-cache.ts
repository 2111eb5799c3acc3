/**
 * The token cache (`<data folder>/tokens.db`): balances, totals, used refs and per-account history, derived
 * from the token entries of the ledger and nothing else. It records how many ledger entries it has consumed
 * (`cursor`) and catches up from there before every read and write, so it is never behind the ledger;
 * deleting the file rebuilds it from entry 0 on the next use (synchronous = NORMAL: a lost tail is re-read).
 */
import type { DatabaseSync } from 'node:sqlite'
import { openMigratedDatabase, transaction } from './sqlite-db.ts'
import type { Migration } from './sqlite-db.ts'
import { makeError } from '../../core/errors.ts'
import { deltasOf, InsufficientFundsError, isTokenEntry } from '../../core/tokens/index.ts'
import type { TokenAccount, TokenEntry } from '../../core/tokens/index.ts'
import type { LedgerView } from '../ledger-embedded/ledger-reader.ts'
import type { TokenMoveRow } from '../../ports/token-bank.ts'

export type { TokenMoveRow } from '../../ports/token-bank.ts'

const migrations: readonly Migration[] = [{
  version: 1,
  name: 'token cache',
  sql: `
    CREATE TABLE cursor (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL) STRICT;
    INSERT INTO cursor (id, position) VALUES (1, 0);
    CREATE TABLE totals (id INTEGER PRIMARY KEY CHECK (id = 1), minted INTEGER NOT NULL, burned INTEGER NOT NULL) STRICT;
    INSERT INTO totals (id, minted, burned) VALUES (1, 0, 0);
    CREATE TABLE balances (account TEXT PRIMARY KEY, balance INTEGER NOT NULL CHECK (balance >= 0)) STRICT;
    CREATE TABLE refs (ref TEXT PRIMARY KEY, ledger_index INTEGER NOT NULL) STRICT;
    CREATE TABLE history (
      ledger_index INTEGER NOT NULL,
      account      TEXT    NOT NULL,
      delta        INTEGER NOT NULL,
      type         TEXT    NOT NULL,
      reason       TEXT    NOT NULL,
      ref          TEXT    NOT NULL,
      counterparty TEXT,
      time         INTEGER NOT NULL,
      PRIMARY KEY (account, ledger_index)
    ) STRICT;
  `
}]

export class TokenCache {
  private readonly db: DatabaseSync

  constructor (file: string) {
    this.db = openMigratedDatabase(file, migrations, { synchronous: 'NORMAL' })
  }

  /** Ledger entries consumed so far. */
  position (): number {
    return Number(this.db.prepare('SELECT position FROM cursor WHERE id = 1').get()!.position)
  }

  /**
   * Applies the token entries the ledger gained since the last call, in one transaction.
   * @throws MedledgerError LEDGER_CORRUPT when a ledger entry would take a balance below zero or is malformed
   */
  catchUp (ledger: Pick<LedgerView, 'size' | 'entries'>): void {
    const to = ledger.size()
    if (to <= this.position()) return
    transaction(this.db, () => {
      // Re-read inside the write lock: another process sharing the file may have caught up meanwhile.
      const from = this.position()
      if (to <= from) return
      for (const { index, entry } of ledger.entries(from, to)) {
        if (isTokenEntry(entry)) this.apply(index, entry)
      }
      this.db.prepare('UPDATE cursor SET position = ? WHERE id = 1').run(to)
    })
  }

  private apply (index: number, entry: TokenEntry): void {
    if (this.hasRef(entry.ref)) return
    let deltas: ReturnType<typeof deltasOf>
    try {
      deltas = deltasOf(entry)
      for (const { account, delta } of deltas) {
        const balance = this.balance(account)
        if (balance + delta < 0) throw new InsufficientFundsError(account, balance, -delta)
      }
    } catch (err) {
      throw makeError('the ledger holds a token entry that cannot apply', 'LEDGER_CORRUPT', { index }, err)
    }
    // Update first: an INSERT … ON CONFLICT would check `balance >= 0` against the bare (negative) debit.
    const update = this.db.prepare('UPDATE balances SET balance = balance + ? WHERE account = ?')
    const insert = this.db.prepare('INSERT INTO balances (account, balance) VALUES (?, ?)')
    const line = this.db.prepare('INSERT INTO history (ledger_index, account, delta, type, reason, ref, counterparty, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    for (const { account, delta } of deltas) {
      if (Number(update.run(delta, account).changes) === 0) insert.run(account, delta)
      const other = deltas.find((d) => d.account !== account)?.account ?? null
      line.run(index, account, delta, entry.type, entry.reason, entry.ref, other, entry.time)
    }
    if (entry.type === 'TokensMinted') this.db.prepare('UPDATE totals SET minted = minted + ? WHERE id = 1').run(entry.amount)
    if (entry.type === 'TokensBurned') this.db.prepare('UPDATE totals SET burned = burned + ? WHERE id = 1').run(entry.amount)
    this.db.prepare('INSERT INTO refs (ref, ledger_index) VALUES (?, ?)').run(entry.ref, index)
  }

  /** True when a token entry with this ref is applied. */
  hasRef (ref: string): boolean {
    return this.db.prepare('SELECT 1 AS x FROM refs WHERE ref = ?').get(ref) !== undefined
  }

  /** Balance of one account (0 when never seen). */
  balance (account: TokenAccount): number {
    return Number(this.db.prepare('SELECT balance FROM balances WHERE account = ?').get(account)?.balance ?? 0)
  }

  /** Every non-zero balance. */
  balances (): Map<TokenAccount, number> {
    return new Map(this.db.prepare('SELECT account, balance FROM balances WHERE balance <> 0').all().map((r) => [r.account as string, Number(r.balance)]))
  }

  /** Tokens minted and burned so far. */
  totals (): { minted: number, burned: number } {
    const r = this.db.prepare('SELECT minted, burned FROM totals WHERE id = 1').get()!
    return { minted: Number(r.minted), burned: Number(r.burned) }
  }

  /** An account's moves, newest first, strictly before ledger index `before`, at most `limit`. */
  history (account: TokenAccount, limit: number, before = Number.MAX_SAFE_INTEGER): TokenMoveRow[] {
    return this.db.prepare('SELECT * FROM history WHERE account = ? AND ledger_index < ? ORDER BY ledger_index DESC LIMIT ?')
      .all(account, before, limit).map((r) => ({
        ledgerIndex: Number(r.ledger_index),
        account: r.account as string,
        delta: Number(r.delta),
        type: r.type as TokenEntry['type'],
        reason: r.reason as string,
        ref: r.ref as string,
        counterparty: r.counterparty as string | null,
        time: Number(r.time)
      }))
  }

  /** Every move of an account, oldest first (escrow accounts hold a campaign's donations). */
  allMoves (account: TokenAccount): TokenMoveRow[] {
    return this.history(account, Number.MAX_SAFE_INTEGER).reverse()
  }

  close (): void {
    if (this.db.isOpen) this.db.close()
  }
}
