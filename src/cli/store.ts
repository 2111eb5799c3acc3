import { makeError } from '../core/errors.ts'
import { openPool } from '../adapters/postgres/index.ts'
import { migrateStores } from '../adapters/postgres/store-migrate.ts'
import { dataDirOf, print } from './common.ts'
import type { CommonOptions } from './common.ts'

/**
 * `medledger store migrate --from <data folder> --to <postgres url>`: copies the data folder's SQLite stores
 * (adapters/postgres/store-migrate.ts lists them) into PostgreSQL and prints each table's row counts, equal
 * before and after. `--from` defaults to `--data` / MEDLEDGER_DATA, `--to` to MEDLEDGER_POSTGRES_URL.
 * @throws MedledgerError BAD_INPUT for an unknown subcommand or no URL; CONFLICT when a target table is not
 *   empty; LEDGER_CORRUPT when a count differs after the copy
 */
export async function storeCommand (sub: string | undefined, options: CommonOptions & { from?: string, to?: string }): Promise<number> {
  if (sub !== 'migrate') throw makeError('usage: medledger store migrate --from <data folder> --to <postgres url>', 'BAD_INPUT')
  const url = options.to ?? process.env.MEDLEDGER_POSTGRES_URL
  if (url === undefined || url === '') throw makeError('store migrate needs --to <postgres url> or MEDLEDGER_POSTGRES_URL', 'BAD_INPUT')
  const dir = options.from ?? dataDirOf(options)
  const pool = openPool(url, { max: 2 })
  try {
    const reports = await migrateStores(dir, pool)
    const lines = reports.map((r) => r.found
      ? `${r.store}: ${r.tables.map((t) => `${t.table} ${t.source} → ${t.target}`).join(', ')}`
      : `${r.store}: no ${r.store}.db in ${dir} (tables created, nothing to copy)`)
    print(options, ['copied the stores into PostgreSQL; every table\'s count matches', ...lines].join('\n'), { stores: reports })
    return 0
  } finally {
    await pool.end()
  }
}
