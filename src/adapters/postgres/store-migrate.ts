/**
 * `medledger store migrate`: copies the SQLite stores of an embedded data folder into PostgreSQL, table by
 * table, one transaction per store, and checks each table's row count after the copy. A store plugs in by
 * adding one {@link StoreCopy} to {@link STORE_COPIES}: its SQLite file, its PostgreSQL migrations, and
 * which SQLite table goes to which PostgreSQL table (same column names).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { Pool } from 'pg'
import { makeError } from '../../core/errors.ts'
import { migratePostgres, withTransaction } from './pool.ts'
import type { PgMigration, Queryable } from './pool.ts'
import { TOKEN_TABLES, tokenMigrations, TOKENS_STORE } from './token-bank.ts'
import { FUNDING_STORE, FUNDING_TABLES, fundingMigrations } from './funding-campaigns.ts'
import { INSURANCE_STORE, INSURANCE_TABLES, insuranceMigrations } from './insurance-programmes.ts'

/** One store's copy: `<data folder>/<store>.db` into the tables its PostgreSQL migrations create. */
export interface StoreCopy {
  /** The store's name: its SQLite file is `<store>.db`, its versions in medledger_migrations go by it. */
  store: string
  migrations: readonly PgMigration[]
  /** SQLite table → PostgreSQL table, in copy order (parents before children). */
  tables: Readonly<Record<string, string>>
  /**
   * PostgreSQL tables that migrations seed with singleton rows (a cursor, totals): emptied before the copy
   * so the SQLite rows replace them. Every other target table must be empty.
   */
  seeded?: readonly string[]
}

/** Every store `store migrate` moves. Parts converted elsewhere add their entry here. */
export const STORE_COPIES: readonly StoreCopy[] = [
  { store: TOKENS_STORE, migrations: tokenMigrations, tables: TOKEN_TABLES, seeded: [TOKEN_TABLES.cursor, TOKEN_TABLES.totals] },
  { store: FUNDING_STORE, migrations: fundingMigrations, tables: FUNDING_TABLES },
  { store: INSURANCE_STORE, migrations: insuranceMigrations, tables: INSURANCE_TABLES }
]

/** What a copy did, table by table: rows in SQLite and rows in PostgreSQL afterwards (equal). */
export interface StoreCopyReport {
  store: string
  /** False when the data folder has no such file (nothing to copy; the tables are still created). */
  found: boolean
  tables: Array<{ table: string, source: number, target: number }>
}

const BATCH = 500

/**
 * Copies every store of `copies` found in `dataDir` into `pool`'s database.
 * @throws MedledgerError CONFLICT when a target table already holds rows (nothing of that store is copied);
 *   LEDGER_CORRUPT when a table's count differs after the copy (that store's copy is rolled back)
 */
export async function migrateStores (dataDir: string, pool: Pool, copies: readonly StoreCopy[] = STORE_COPIES): Promise<StoreCopyReport[]> {
  const reports: StoreCopyReport[] = []
  for (const copy of copies) {
    await migratePostgres(pool, copy.store, copy.migrations)
    const file = join(dataDir, `${copy.store}.db`)
    if (!existsSync(file)) { reports.push({ store: copy.store, found: false, tables: [] }); continue }
    const db = new DatabaseSync(file, { readOnly: true })
    try {
      const tables = await withTransaction(pool, async (c) => copyStore(db, c, copy))
      reports.push({ store: copy.store, found: true, tables })
    } finally {
      db.close()
    }
  }
  return reports
}

async function copyStore (db: DatabaseSync, c: Queryable, copy: StoreCopy): Promise<StoreCopyReport['tables']> {
  const out: StoreCopyReport['tables'] = []
  for (const [from, to] of Object.entries(copy.tables)) {
    if (copy.seeded?.includes(to) === true) await c.query(`DELETE FROM ${to}`)
    const existing = await count(c, to)
    if (existing !== 0) throw makeError(`${to} already holds ${existing} rows; store migrate copies into empty tables only`, 'CONFLICT', { store: copy.store, table: to })
    const rows = db.prepare(`SELECT * FROM ${from}`).all()
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH)
      const columns = Object.keys(batch[0]!)
      const values: unknown[] = []
      const tuples = batch.map((row) => `(${columns.map((col) => { const v = row[col]; values.push(v instanceof Uint8Array ? Buffer.from(v) : v); return `$${values.length}` }).join(', ')})`)
      await c.query(`INSERT INTO ${to} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values)
    }
    const target = await count(c, to)
    if (target !== rows.length) throw makeError(`${to} holds ${target} rows after the copy of ${rows.length}`, 'LEDGER_CORRUPT', { store: copy.store, table: to })
    out.push({ table: to, source: rows.length, target })
  }
  return out
}

async function count (c: Queryable, table: string): Promise<number> {
  return Number((await c.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM ${table}`)).rows[0]!.n)
}
