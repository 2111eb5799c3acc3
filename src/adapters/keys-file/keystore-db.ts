import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { StoredBinding } from '../../ports/keys.ts'
import { openMigratedDatabase } from '../sqlite/sqlite-db.ts'
import type { Migration } from '../sqlite/sqlite-db.ts'

/** Schema of `keystore.db`; append steps, never edit a shipped one. */
export const keystoreMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'wrapped keys',
    sql: `
      CREATE TABLE wrapped_keys (
        record_id   TEXT    NOT NULL,
        version     INTEGER NOT NULL,
        patient_id  TEXT    NOT NULL,
        kek_version INTEGER NOT NULL,
        wrapped     BLOB    NOT NULL, -- WrappedDek.wrapped: nonce || ciphertext || tag
        PRIMARY KEY (record_id, version)
      ) STRICT;
    `
  }
]

/** One stored row: a binding and the DEK wrapped under `kekVersion`. */
export interface WrappedRow extends StoredBinding {
  wrapped: Uint8Array
}

/** Prepared statements over `wrapped_keys`. */
export interface KeystoreDb {
  db: DatabaseSync
  insert: StatementSync
  get: StatementSync
  update: StatementSync
  remove: StatementSync
  /** Up to 1000 rows not under a KEK version, after a (record_id, version) key: rotation's keyset paging. */
  page: StatementSync
  maxKekVersion: StatementSync
}

/**
 * Opens `keystore.db`: WAL, `synchronous = FULL` (durable state, not a cache: a commit survives power
 * loss) and `secure_delete` (shredded rows are overwritten, not left in free pages).
 * @throws MedledgerError CONFLICT when the file was written by a newer schema
 */
export function openKeystoreDb (file: string): KeystoreDb {
  const db = openMigratedDatabase(file, keystoreMigrations, { synchronous: 'FULL', pragmas: ['secure_delete = ON'] })
  const cols = 'record_id, version, patient_id, kek_version, wrapped'
  return {
    db,
    // Same patient: the new wrap replaces the old one. A key stored for a version that never reached the
    // ledger is an orphan of a crashed write, and the retried write re-seals that version with a fresh DEK.
    insert: db.prepare(`INSERT INTO wrapped_keys (${cols}) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (record_id, version) DO UPDATE SET kek_version = excluded.kek_version, wrapped = excluded.wrapped
      WHERE wrapped_keys.patient_id = excluded.patient_id`),
    get: db.prepare(`SELECT ${cols} FROM wrapped_keys WHERE record_id = ? AND version = ?`),
    update: db.prepare('UPDATE wrapped_keys SET kek_version = ?, wrapped = ? WHERE record_id = ? AND version = ?'),
    remove: db.prepare('DELETE FROM wrapped_keys WHERE record_id = ?'),
    page: db.prepare(`SELECT ${cols} FROM wrapped_keys WHERE kek_version <> ? AND (record_id, version) > (?, ?) ORDER BY record_id, version LIMIT 1000`),
    maxKekVersion: db.prepare('SELECT MAX(kek_version) AS v FROM wrapped_keys')
  }
}

/** Every row's binding, read lazily from a statement of its own. */
export function * allBindings (db: DatabaseSync): Generator<StoredBinding> {
  for (const r of db.prepare('SELECT record_id, version, patient_id, kek_version FROM wrapped_keys').iterate()) {
    yield toBinding(r)
  }
}

/** A `wrapped_keys` row as a WrappedRow. */
export function toWrappedRow (r: Record<string, unknown>): WrappedRow {
  return { ...toBinding(r), wrapped: r.wrapped as Uint8Array }
}

function toBinding (r: Record<string, unknown>): StoredBinding {
  return {
    recordId: r.record_id as string,
    version: r.version as number,
    patientId: r.patient_id as string,
    kekVersion: r.kek_version as number
  }
}
