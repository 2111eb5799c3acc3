/**
 * The PostgreSQL {@link TokenBank}: the token cache of tokens.db as `token_*` tables that every process of a
 * cluster shares. Catching up takes the cursor row `FOR UPDATE`, so two processes never apply the same
 * ledger entries twice; balances carry `CHECK (balance >= 0)`, so even a bug cannot store an overdraft.
 * `exclusive` admits one mover per process (a promise chain, so a burst of callers holds one connection, not
 * the pool) and one across the cluster (a session advisory lock, released by PostgreSQL if the process dies).
 */
import { makeError } from '../../core/errors.ts'
import { deltasOf, InsufficientFundsError, isTokenEntry } from '../../core/tokens/index.ts'
import type { TokenAccount, TokenEntry } from '../../core/tokens/index.ts'
import type { TokenBank, TokenLedgerView, TokenMoveRow } from '../../ports/token-bank.ts'
import { migratePostgres, withTransaction } from './pool.ts'
import { advisoryTurns } from './advisory-turns.ts'
import type { PgMigration, Queryable } from './pool.ts'
import type { Pool } from 'pg'

/** The store's name in medledger_migrations (the SQLite file's name). */
export const TOKENS_STORE = 'tokens'

/** Advisory lock key of the cluster's one token mover. */
const MOVER_LOCK = 0x6d65_646c_0201n

export const tokenMigrations: readonly PgMigration[] = [{
  version: 1,
  name: 'token cache',
  sql: `
    CREATE TABLE token_cursor (id int PRIMARY KEY CHECK (id = 1), position bigint NOT NULL);
    INSERT INTO token_cursor (id, position) VALUES (1, 0);
    CREATE TABLE token_totals (id int PRIMARY KEY CHECK (id = 1), minted bigint NOT NULL, burned bigint NOT NULL);
    INSERT INTO token_totals (id, minted, burned) VALUES (1, 0, 0);
    CREATE TABLE token_balances (account text PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0));
    CREATE TABLE token_refs (ref text PRIMARY KEY, ledger_index bigint NOT NULL);
    CREATE TABLE token_history (
      ledger_index bigint NOT NULL,
      account      text   NOT NULL,
      delta        bigint NOT NULL,
      type         text   NOT NULL,
      reason       text   NOT NULL,
      ref          text   NOT NULL,
      counterparty text,
      time         bigint NOT NULL,
      PRIMARY KEY (account, ledger_index)
    );
  `
}]

/** The SQLite tables of tokens.db and the PostgreSQL table each is copied to (store migrate). */
export const TOKEN_TABLES = { cursor: 'token_cursor', totals: 'token_totals', balances: 'token_balances', refs: 'token_refs', history: 'token_history' } as const

interface HistoryRow { ledger_index: number, account: string, delta: number, type: string, reason: string, ref: string, counterparty: string | null, time: number }

/**
 * The token bank on `pool` (the process's shared pool: close() leaves it open). Migrates on first use.
 * @throws whatever pg throws when the database cannot be reached (from the first call)
 */
export function openPostgresTokenBank (pool: Pool): TokenBank {
  let migrated: Promise<void> | undefined
  const ready = async (): Promise<void> => {
    migrated ??= migratePostgres(pool, TOKENS_STORE, tokenMigrations).catch((err: unknown) => { migrated = undefined; throw err })
    return migrated
  }
  const position = async (q: Queryable, lock = false): Promise<number> =>
    Number((await q.query<{ position: number }>(`SELECT position FROM token_cursor WHERE id = 1${lock ? ' FOR UPDATE' : ''}`)).rows[0]!.position)

  return {
    async catchUp (ledger: TokenLedgerView) {
      await ready()
      const size = await ledger.size()
      if (size <= await position(pool)) return
      await withTransaction(pool, async (c) => {
        // Re-read under the row lock: another process may have caught up meanwhile.
        const from = await position(c, true)
        if (size <= from) return
        for await (const { index, entry } of ledger.entries(from, size)) {
          if (isTokenEntry(entry)) await apply(c, index, entry)
        }
        await c.query('UPDATE token_cursor SET position = $1 WHERE id = 1', [size])
      })
    },
    async position () { await ready(); return position(pool) },
    async hasRef (ref: string) { await ready(); return hasRef(pool, ref) },
    async balance (account: TokenAccount) { await ready(); return balance(pool, account) },
    async balances () {
      await ready()
      const { rows } = await pool.query<{ account: string, balance: number }>('SELECT account, balance FROM token_balances WHERE balance <> 0')
      return new Map(rows.map((r) => [r.account, Number(r.balance)]))
    },
    async totals () {
      await ready()
      const r = (await pool.query<{ minted: number, burned: number }>('SELECT minted, burned FROM token_totals WHERE id = 1')).rows[0]!
      return { minted: Number(r.minted), burned: Number(r.burned) }
    },
    async history (account: TokenAccount, limit: number, before = Number.MAX_SAFE_INTEGER) {
      await ready()
      const { rows } = await pool.query<HistoryRow>('SELECT * FROM token_history WHERE account = $1 AND ledger_index < $2 ORDER BY ledger_index DESC LIMIT $3',
        [account, before, Math.min(limit, Number.MAX_SAFE_INTEGER)])
      return rows.map(moveRow)
    },
    async allMoves (account: TokenAccount) {
      await ready()
      const { rows } = await pool.query<HistoryRow>('SELECT * FROM token_history WHERE account = $1 ORDER BY ledger_index', [account])
      return rows.map(moveRow)
    },
    exclusive: advisoryTurns(pool, MOVER_LOCK, ready),
    close: () => {}
  }
}

async function hasRef (q: Queryable, ref: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM token_refs WHERE ref = $1', [ref])).rowCount !== 0
}

async function balance (q: Queryable, account: TokenAccount): Promise<number> {
  const { rows } = await q.query<{ balance: number }>('SELECT balance FROM token_balances WHERE account = $1', [account])
  return Number(rows[0]?.balance ?? 0)
}

/** Applies one ledger token entry (the SQLite cache's `apply`, statement for statement). */
async function apply (c: Queryable, index: number, entry: TokenEntry): Promise<void> {
  if (await hasRef(c, entry.ref)) return
  let deltas: ReturnType<typeof deltasOf>
  try {
    deltas = deltasOf(entry)
    for (const { account, delta } of deltas) {
      const current = await balance(c, account)
      if (current + delta < 0) throw new InsufficientFundsError(account, current, -delta)
    }
  } catch (err) {
    throw makeError('the ledger holds a token entry that cannot apply', 'LEDGER_CORRUPT', { index }, err)
  }
  for (const { account, delta } of deltas) {
    const updated = await c.query('UPDATE token_balances SET balance = balance + $1 WHERE account = $2', [delta, account])
    if (updated.rowCount === 0) await c.query('INSERT INTO token_balances (account, balance) VALUES ($1, $2)', [account, delta])
    const other = deltas.find((d) => d.account !== account)?.account ?? null
    await c.query('INSERT INTO token_history (ledger_index, account, delta, type, reason, ref, counterparty, time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [index, account, delta, entry.type, entry.reason, entry.ref, other, entry.time])
  }
  if (entry.type === 'TokensMinted') await c.query('UPDATE token_totals SET minted = minted + $1 WHERE id = 1', [entry.amount])
  if (entry.type === 'TokensBurned') await c.query('UPDATE token_totals SET burned = burned + $1 WHERE id = 1', [entry.amount])
  await c.query('INSERT INTO token_refs (ref, ledger_index) VALUES ($1, $2)', [entry.ref, index])
}

function moveRow (r: HistoryRow): TokenMoveRow {
  return {
    ledgerIndex: Number(r.ledger_index),
    account: r.account,
    delta: Number(r.delta),
    type: r.type as TokenEntry['type'],
    reason: r.reason,
    ref: r.ref,
    counterparty: r.counterparty,
    time: Number(r.time)
  }
}
