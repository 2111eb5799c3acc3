/**
 * The consent store (`consent.db`, durable state: `synchronous = FULL`): grants as signed, used signature
 * nonces, and erased record ids. The consent subgraph writes it; the records subgraph reads grants from it
 * (one query per DataLoader batch) and records erasures in it — SQLite in WAL mode lets the processes of a
 * distributed deployment share the file. The ledger keeps the signed typed data too, so this store can be
 * checked against it.
 */
import type { DatabaseSync } from 'node:sqlite'
import { openMigratedDatabase, transaction } from '../../adapters/sqlite/sqlite-db.ts'
import type { Migration } from '../../adapters/sqlite/sqlite-db.ts'
import type { Grant, Provision } from '../../core/consent/index.ts'
import { makeError } from '../../core/errors.ts'
import type { ConsentStore, GrantRow } from '../../ports/consent-store.ts'
import { openPostgresConsentStore } from '../../adapters/postgres/consent-store.ts'
import type { PgPool } from '../../adapters/postgres/index.ts'

export type { ConsentStore, GrantRow } from '../../ports/consent-store.ts'

/** The SQLite adapter's synchronous surface; {@link consentStore} wraps it into the async port. */
export interface SqliteConsentStore {
  insertGrant(row: GrantRow, nonce: string): void
  revoke(grantId: string, signer: string, nonce: string, time: number): GrantRow
  setEntryIndex(grantId: string, entryIndex: number): void
  deleteGrant(grantId: string): void
  grant(id: string): GrantRow | undefined
  grantsOf(patientIds: readonly string[]): Map<string, GrantRow[]>
  markErased(recordId: string, patientId: string, time: number): void
  erasedPatient(recordId: string): string | undefined
  close(): void
}

const migrations: Migration[] = [{
  version: 1,
  name: 'grants, nonces, erasures',
  sql: `
    CREATE TABLE grants (
      id          TEXT    PRIMARY KEY,
      patient_id  TEXT    NOT NULL,
      provision   TEXT    NOT NULL,
      typed_data  TEXT    NOT NULL,
      signature   TEXT    NOT NULL,
      signer      TEXT    NOT NULL,
      granted_at  INTEGER NOT NULL,
      revoked_at  INTEGER,
      entry_index INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX grants_patient ON grants (patient_id, granted_at);
    CREATE TABLE nonces (signer TEXT NOT NULL, nonce TEXT NOT NULL, used_at INTEGER NOT NULL, PRIMARY KEY (signer, nonce)) STRICT;
    CREATE TABLE erasures (record_id TEXT PRIMARY KEY, patient_id TEXT NOT NULL, erased_at INTEGER NOT NULL) STRICT;
  `
}]

/**
 * Opens (creating and migrating) the consent store at `file`.
 * @throws Error from node:sqlite when the file cannot be opened
 */
export function openConsentStore (file: string): SqliteConsentStore {
  const db = openMigratedDatabase(file, migrations, { synchronous: 'FULL' })
  const cols = 'id, patient_id, provision, typed_data, signature, signer, granted_at, revoked_at, entry_index'
  const byId = db.prepare(`SELECT ${cols} FROM grants WHERE id = ?`)
  const byPatients = db.prepare(`SELECT ${cols} FROM grants WHERE patient_id IN (SELECT value FROM json_each(?)) ORDER BY granted_at DESC, id`)
  const insert = db.prepare(`INSERT INTO grants (${cols}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)`)
  const setRevoked = db.prepare('UPDATE grants SET revoked_at = ? WHERE id = ?')
  const erased = db.prepare('SELECT patient_id FROM erasures WHERE record_id = ?')
  const markErased = db.prepare('INSERT OR IGNORE INTO erasures (record_id, patient_id, erased_at) VALUES (?, ?, ?)')
  return {
    insertGrant (row, nonce) {
      transaction(db, () => {
        spendNonce(db, row.signer, nonce, row.grantedAt)
        if (byId.get(row.grant.id) !== undefined) throw makeError('a grant with this id exists', 'CONFLICT', { reason: 'REPLAYED' })
        insert.run(row.grant.id, row.grant.patientId, JSON.stringify(row.grant.provision), row.typedData, row.signature, row.signer, row.grantedAt, row.entryIndex)
      })
    },
    revoke (grantId, signer, nonce, time) {
      return transaction(db, () => {
        const found = byId.get(grantId)
        if (found === undefined) throw makeError('no such grant', 'NOT_FOUND')
        if (found.revoked_at !== null) throw makeError('the grant is already revoked', 'CONFLICT', { reason: 'ALREADY_DONE' })
        spendNonce(db, signer, nonce, time)
        setRevoked.run(time, grantId)
        return toRow({ ...found, revoked_at: time })
      })
    },
    setEntryIndex (grantId, entryIndex) { db.prepare('UPDATE grants SET entry_index = ? WHERE id = ?').run(entryIndex, grantId) },
    deleteGrant (grantId) { db.prepare('DELETE FROM grants WHERE id = ?').run(grantId) },
    grant (id) {
      const found = byId.get(id)
      return found === undefined ? undefined : toRow(found)
    },
    grantsOf (patientIds) {
      const out = new Map<string, GrantRow[]>(patientIds.map((id) => [id, []]))
      for (const r of byPatients.all(JSON.stringify(patientIds))) out.get(String(r.patient_id))?.push(toRow(r))
      return out
    },
    markErased (recordId, patientId, time) { markErased.run(recordId, patientId, time) },
    erasedPatient (recordId) {
      const r = erased.get(recordId)
      return r === undefined ? undefined : String(r.patient_id)
    },
    close () { db.close() }
  }
}

function spendNonce (db: DatabaseSync, signer: string, nonce: string, time: number): void {
  const used = db.prepare('SELECT 1 FROM nonces WHERE signer = ? AND nonce = ?').get(signer.toLowerCase(), nonce)
  if (used !== undefined) throw makeError('this signature nonce was already used', 'CONFLICT', { reason: 'REPLAYED' })
  db.prepare('INSERT INTO nonces (signer, nonce, used_at) VALUES (?, ?, ?)').run(signer.toLowerCase(), nonce, time)
}

function toRow (r: Record<string, unknown>): GrantRow {
  const grant: Grant = { id: String(r.id), patientId: String(r.patient_id), provision: JSON.parse(String(r.provision)) as Provision }
  if (r.revoked_at !== null && r.revoked_at !== undefined) grant.revokedAt = Number(r.revoked_at)
  return { grant, typedData: String(r.typed_data), signature: String(r.signature), signer: String(r.signer), grantedAt: Number(r.granted_at), entryIndex: Number(r.entry_index) }
}

/** The SQLite store behind the async port: same behaviour, same typed errors (thrown as rejections). */
export function asyncConsentStore (s: SqliteConsentStore): ConsentStore {
  return {
    insertGrant: async (row, nonce) => { s.insertGrant(row, nonce) },
    revoke: async (grantId, signer, nonce, time) => s.revoke(grantId, signer, nonce, time),
    setEntryIndex: async (grantId, entryIndex) => { s.setEntryIndex(grantId, entryIndex) },
    deleteGrant: async (grantId) => { s.deleteGrant(grantId) },
    grant: async (id) => s.grant(id),
    grantsOf: async (patientIds) => s.grantsOf(patientIds),
    markErased: async (recordId, patientId, time) => { s.markErased(recordId, patientId, time) },
    erasedPatient: async (recordId) => s.erasedPatient(recordId),
    close: () => { s.close() }
  }
}

/**
 * The consent store of these services, opened on first use: PostgreSQL when the services have a cluster
 * database (`services.postgres`), else `consent.db` in the data folder.
 */
export function consentStore (services: { postgres?: PgPool, store<T extends { close(): void }>(name: string, open: (file: string) => T): T }): ConsentStore {
  const pool = services.postgres
  if (pool !== undefined) return services.store('consent-pg', () => openPostgresConsentStore(pool))
  return services.store('consent', (file) => asyncConsentStore(openConsentStore(file)))
}
