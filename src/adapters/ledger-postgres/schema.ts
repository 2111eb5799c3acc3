import type pg from 'pg'

/**
 * The ledger's tables (the Tessera design on PostgreSQL):
 * - `ledger_sequence`: the coordination row; `next` is the first unassigned index. An append locks it
 *   FOR UPDATE, inserts its batch at next..next+k−1 and advances it, in one short transaction.
 * - `ledger_entries`: every acknowledged entry, its canonical JSON bytes (the leaf is leafHash of these).
 * - `ledger_tree`: how many entries the integrator has put into the tree (tiles written up to there).
 * - `ledger_tiles`: C2SP tlog-tiles hash tiles; a partial tile's row grows in place, never changes a hash.
 * - `ledger_blocks`: signed blocks (the secp256k1 tree head) with their C2SP checkpoint note.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS ledger_sequence (id int PRIMARY KEY CHECK (id = 1), next bigint NOT NULL);
INSERT INTO ledger_sequence (id, next) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
CREATE TABLE IF NOT EXISTS ledger_entries (idx bigint PRIMARY KEY, data bytea NOT NULL);
CREATE TABLE IF NOT EXISTS ledger_tree (id int PRIMARY KEY CHECK (id = 1), size bigint NOT NULL);
INSERT INTO ledger_tree (id, size) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
CREATE TABLE IF NOT EXISTS ledger_tiles (level int NOT NULL, idx bigint NOT NULL, hashes bytea NOT NULL, PRIMARY KEY (level, idx));
CREATE TABLE IF NOT EXISTS ledger_blocks (height bigint PRIMARY KEY, tree_size bigint NOT NULL UNIQUE, block jsonb NOT NULL, checkpoint text);
`

/** Advisory lock keys (pg_advisory_lock takes one bigint): schema creation and the integrator lease. */
export const SCHEMA_LOCK = 0x6d65_646c_0001n
export const INTEGRATOR_LOCK = 0x6d65_646c_0002n

/** Creates the tables when missing; safe to run from many processes at once. */
export async function ensureLedgerSchema (pool: pg.Pool): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK.toString()])
    await client.query(DDL)
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}
