import pg from 'pg'
import { CID } from 'multiformats/cid'
import type { AbortOptions } from '../../ports/body-store.ts'
import type { PinRecord, PinSet } from '../../ports/pin-set.ts'

/**
 * Versioned migrations of the pin set's tables, applied in order under an advisory lock; the applied
 * versions are kept in `body_pinset_migrations`. Never edit one that has shipped: add the next.
 * - `body_pins`: every pinned body's CID and the copies wanted (R).
 * - `body_holders`: which peer holds which CID (a row is written only after the peer acknowledged it).
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE body_pins (cid text PRIMARY KEY, replicas int NOT NULL CHECK (replicas >= 1), pinned_at timestamptz NOT NULL DEFAULT now());
   CREATE TABLE body_holders (cid text NOT NULL REFERENCES body_pins (cid) ON DELETE CASCADE, peer text NOT NULL,
     since timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (cid, peer));
   CREATE INDEX body_holders_peer ON body_holders (peer);`
]

/** Advisory lock key for the pin set's migrations (distinct from the ledger's). */
const MIGRATION_LOCK = 0x6d65_646c_0019n

/** Where the pin set lives. */
export interface PostgresPinSetOptions {
  url: string
  /** Pool size (default 4). */
  poolSize?: number
}

/**
 * Opens the pin set on PostgreSQL, applying any pending migration.
 * @throws pg errors when the server cannot be reached or a migration fails
 */
export async function openPostgresPinSet (options: PostgresPinSetOptions): Promise<PinSet> {
  if (typeof options?.url !== 'string' || options.url === '') throw new TypeError('openPostgresPinSet: url must be a connection string')
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 4 })
  try {
    await migrate(pool)
  } catch (err) {
    await pool.end()
    throw err
  }
  return new PostgresPinSet(pool)
}

/** Applies pending migrations; safe from many processes at once. Returns the schema version. */
export async function migrate (pool: pg.Pool): Promise<number> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()])
    await client.query('CREATE TABLE IF NOT EXISTS body_pinset_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())')
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM body_pinset_migrations')
    const current = rows[0]?.v ?? 0
    for (let v = current + 1; v <= MIGRATIONS.length; v++) {
      await client.query(MIGRATIONS[v - 1]!)
      await client.query('INSERT INTO body_pinset_migrations (version) VALUES ($1)', [v])
    }
    await client.query('COMMIT')
    return MIGRATIONS.length
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}

interface PinRow { cid: string, replicas: number, holders: string[] }

class PostgresPinSet implements PinSet {
  readonly #pool: pg.Pool
  #closing: Promise<void> | undefined

  constructor (pool: pg.Pool) {
    this.#pool = pool
  }

  async addHolders (cids: CID[], holders: string[], replicas: number, options: AbortOptions = {}): Promise<void> {
    if (!Number.isInteger(replicas) || replicas < 1) throw new RangeError('addHolders: replicas must be an integer ≥ 1')
    options.signal?.throwIfAborted()
    if (cids.length === 0) return
    const keys = [...new Set(cids.map(String))]
    const client = await this.#pool.connect()
    try {
      await client.query('BEGIN')
      await client.query('INSERT INTO body_pins (cid, replicas) SELECT unnest($1::text[]), $2 ON CONFLICT (cid) DO NOTHING', [keys, replicas])
      if (holders.length > 0) {
        await client.query(
          `INSERT INTO body_holders (cid, peer) SELECT c, p FROM unnest($1::text[]) AS c CROSS JOIN unnest($2::text[]) AS p
           ON CONFLICT (cid, peer) DO NOTHING`, [keys, holders])
      }
      await client.query('COMMIT')
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      client.release()
    }
  }

  async records (cids: CID[], options: AbortOptions = {}): Promise<PinRecord[]> {
    options.signal?.throwIfAborted()
    if (cids.length === 0) return []
    const { rows } = await this.#pool.query<PinRow>(
      `SELECT p.cid, p.replicas, coalesce(array_agg(h.peer ORDER BY h.since, h.peer) FILTER (WHERE h.peer IS NOT NULL), '{}') AS holders
       FROM body_pins p LEFT JOIN body_holders h ON h.cid = p.cid WHERE p.cid = ANY($1::text[]) GROUP BY p.cid, p.replicas`,
      [cids.map(String)])
    return rows.map(toRecord)
  }

  async underReplicated (live: string[], limit: number, options: AbortOptions = {}): Promise<PinRecord[]> {
    options.signal?.throwIfAborted()
    const { rows } = await this.#pool.query<PinRow>(
      `SELECT p.cid, p.replicas, coalesce(array_agg(h.peer ORDER BY h.since, h.peer) FILTER (WHERE h.peer IS NOT NULL), '{}') AS holders
       FROM body_pins p LEFT JOIN body_holders h ON h.cid = p.cid AND h.peer = ANY($1::text[])
       GROUP BY p.cid, p.replicas, p.pinned_at HAVING count(h.peer) < p.replicas ORDER BY p.pinned_at, p.cid LIMIT $2`,
      [live, limit])
    return rows.map(toRecord)
  }

  async close (): Promise<void> {
    this.#closing ??= this.#pool.end()
    return this.#closing
  }
}

function toRecord (row: PinRow): PinRecord {
  return { cid: CID.parse(row.cid), replicas: row.replicas, holders: row.holders }
}
