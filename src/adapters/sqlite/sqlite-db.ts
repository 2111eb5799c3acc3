import { DatabaseSync } from 'node:sqlite'
import { makeError } from '../../core/errors.ts'

/** One numbered schema step. Versions start at 1 and increase by one; a step is never edited once shipped. */
export interface Migration {
  version: number
  name: string
  /** SQL run in the same transaction that records the step in `schema_migrations`. */
  sql: string
}

export interface OpenDatabaseOptions {
  /** `NORMAL` suits a rebuildable cache; `FULL` makes every commit survive power loss (durable state). */
  synchronous: 'NORMAL' | 'FULL'
  /** WAL pages before an automatic checkpoint (SQLite's default 1000); larger means fewer fsyncs in bulk writes. */
  walAutocheckpoint?: number
}

/**
 * Opens (creating when absent) a SQLite file in WAL mode with the given `synchronous` level.
 * @throws Error from node:sqlite when the file cannot be opened or is not a database
 */
export function openDatabase (file: string, options: OpenDatabaseOptions): DatabaseSync {
  const db = new DatabaseSync(file)
  try {
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${options.synchronous}; PRAGMA busy_timeout = 5000;`)
    if (options.walAutocheckpoint !== undefined) db.exec(`PRAGMA wal_autocheckpoint = ${Math.trunc(options.walAutocheckpoint)}`)
  } catch (err) {
    db.close()
    throw err
  }
  return db
}

/**
 * Runs `fn` inside `BEGIN IMMEDIATE … COMMIT`, rolling back when it throws.
 * Not re-entrant: `fn` must not open another transaction.
 */
export function transaction<T> (db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = fn()
    db.exec('COMMIT')
    return result
  } catch (err) {
    db.exec('ROLLBACK')
    throw err
  }
}

/** Highest migration version recorded in `schema_migrations`, 0 for a new database. */
export function schemaVersion (db: DatabaseSync): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)')
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()
  return Number(row?.v ?? 0)
}

/**
 * Applies every migration newer than the database's schema version, each in its own transaction,
 * and returns the versions applied. `upTo` stops early (tests build old-version files with it).
 * @throws RangeError when `migrations` are not numbered 1, 2, 3, …
 * @throws MedledgerError CONFLICT when the file was written by a newer schema than `migrations` knows
 */
export function migrate (db: DatabaseSync, migrations: readonly Migration[], upTo = Infinity): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new RangeError(`migration ${m.name} must be numbered ${i + 1}`)
  })
  const current = schemaVersion(db)
  if (current > migrations.length) {
    throw makeError('database schema is newer than this build; upgrade medledger', 'CONFLICT', { schemaVersion: current, known: migrations.length })
  }
  const applied: number[] = []
  for (const m of migrations.slice(current)) {
    if (m.version > upTo) break
    transaction(db, () => {
      db.exec(m.sql)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now())
    })
    applied.push(m.version)
  }
  return applied
}

/**
 * {@link openDatabase}, then `pragmas` (e.g. `foreign_keys = ON`), then {@link migrate}; the file is closed
 * again when any step fails, so a caller never holds a half-opened store.
 * @throws Error from node:sqlite; MedledgerError CONFLICT when the file was written by a newer schema
 */
export function openMigratedDatabase (file: string, migrations: readonly Migration[], options: OpenDatabaseOptions & { pragmas?: string[] }): DatabaseSync {
  const db = openDatabase(file, options)
  try {
    for (const pragma of options.pragmas ?? []) db.exec(`PRAGMA ${pragma}`)
    migrate(db, migrations)
  } catch (err) {
    db.close()
    throw err
  }
  return db
}
