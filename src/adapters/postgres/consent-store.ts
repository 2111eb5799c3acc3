/**
 * The consent store on PostgreSQL (store name `consent`): what subgraphs/consent/store.ts keeps in
 * `consent.db`, shared by every process of a cluster. Nonces are spent with INSERT … ON CONFLICT DO NOTHING
 * inside the transaction that stores the grant or the revocation, so a nonce is single-use across processes;
 * a revocation locks its grant row (FOR UPDATE), so two concurrent revocations cannot both succeed.
 */
import type pg from 'pg'
import type { Grant, Provision } from '../../core/consent/index.ts'
import { makeError } from '../../core/errors.ts'
import type { ConsentStore, GrantRow } from '../../ports/consent-store.ts'
import { migratePostgres, withTransaction } from './pool.ts'
import type { PgMigration, Queryable } from './pool.ts'

export const consentMigrations: readonly PgMigration[] = [{
  version: 1,
  name: 'grants, nonces, erasures',
  sql: `
    CREATE TABLE consent_grants (
      id          text   PRIMARY KEY,
      patient_id  text   NOT NULL,
      provision   text   NOT NULL,
      typed_data  text   NOT NULL,
      signature   text   NOT NULL,
      signer      text   NOT NULL,
      granted_at  bigint NOT NULL,
      revoked_at  bigint,
      entry_index bigint NOT NULL
    );
    CREATE INDEX consent_grants_patient ON consent_grants (patient_id, granted_at);
    CREATE TABLE consent_nonces (signer text NOT NULL, nonce text NOT NULL, used_at bigint NOT NULL, PRIMARY KEY (signer, nonce));
    CREATE TABLE consent_erasures (record_id text PRIMARY KEY, patient_id text NOT NULL, erased_at bigint NOT NULL);
  `
}]

const COLS = 'id, patient_id, provision, typed_data, signature, signer, granted_at, revoked_at, entry_index'

interface Row { id: string, patient_id: string, provision: string, typed_data: string, signature: string, signer: string, granted_at: number, revoked_at: number | null, entry_index: number }

/**
 * The consent store on `pool` (the process's shared pool: close() leaves it open). Migrates on first use.
 * @throws MedledgerError CONFLICT (from the first call) when the database holds newer consent tables than this build
 */
export function openPostgresConsentStore (pool: pg.Pool): ConsentStore {
  let migrated: Promise<void> | undefined
  const ready = async (): Promise<void> => {
    migrated ??= migratePostgres(pool, 'consent', consentMigrations).catch((err: unknown) => { migrated = undefined; throw err })
    await migrated
  }
  return {
    async insertGrant (row, nonce) {
      await ready()
      await withTransaction(pool, async (c) => {
        await spendNonce(c, row.signer, nonce, row.grantedAt)
        const inserted = await c.query(`INSERT INTO consent_grants (${COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8) ON CONFLICT (id) DO NOTHING`,
          [row.grant.id, row.grant.patientId, JSON.stringify(row.grant.provision), row.typedData, row.signature, row.signer, row.grantedAt, row.entryIndex])
        if (inserted.rowCount === 0) throw makeError('a grant with this id exists', 'CONFLICT', { reason: 'REPLAYED' })
      })
    },
    async revoke (grantId, signer, nonce, time) {
      await ready()
      return withTransaction(pool, async (c) => {
        const found = (await c.query<Row>(`SELECT ${COLS} FROM consent_grants WHERE id = $1 FOR UPDATE`, [grantId])).rows[0]
        if (found === undefined) throw makeError('no such grant', 'NOT_FOUND')
        if (found.revoked_at !== null) throw makeError('the grant is already revoked', 'CONFLICT', { reason: 'ALREADY_DONE' })
        await spendNonce(c, signer, nonce, time)
        await c.query('UPDATE consent_grants SET revoked_at = $1 WHERE id = $2', [time, grantId])
        return toRow({ ...found, revoked_at: time })
      })
    },
    async setEntryIndex (grantId, entryIndex) {
      await ready()
      await pool.query('UPDATE consent_grants SET entry_index = $1 WHERE id = $2', [entryIndex, grantId])
    },
    async deleteGrant (grantId) {
      await ready()
      await pool.query('DELETE FROM consent_grants WHERE id = $1', [grantId])
    },
    async grant (id) {
      await ready()
      const found = (await pool.query<Row>(`SELECT ${COLS} FROM consent_grants WHERE id = $1`, [id])).rows[0]
      return found === undefined ? undefined : toRow(found)
    },
    async grantsOf (patientIds) {
      await ready()
      const out = new Map<string, GrantRow[]>(patientIds.map((id) => [id, []]))
      // COLLATE "C": ties ordered by bytes, as SQLite does
      const { rows } = await pool.query<Row>(`SELECT ${COLS} FROM consent_grants WHERE patient_id = ANY($1::text[]) ORDER BY granted_at DESC, id COLLATE "C"`, [[...patientIds]])
      for (const r of rows) out.get(r.patient_id)?.push(toRow(r))
      return out
    },
    async markErased (recordId, patientId, time) {
      await ready()
      await pool.query('INSERT INTO consent_erasures (record_id, patient_id, erased_at) VALUES ($1, $2, $3) ON CONFLICT (record_id) DO NOTHING', [recordId, patientId, time])
    },
    async erasedPatient (recordId) {
      await ready()
      const r = (await pool.query<{ patient_id: string }>('SELECT patient_id FROM consent_erasures WHERE record_id = $1', [recordId])).rows[0]
      return r?.patient_id
    },
    close () {}
  }
}

/**
 * Spends `nonce` for `signer` (case-insensitive) inside the caller's transaction; a concurrent spender of the
 * same nonce waits on the key and then finds it taken.
 * @throws MedledgerError CONFLICT (REPLAYED) when the nonce was spent already
 */
async function spendNonce (c: Queryable, signer: string, nonce: string, time: number): Promise<void> {
  const r = await c.query('INSERT INTO consent_nonces (signer, nonce, used_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [signer.toLowerCase(), nonce, time])
  if (r.rowCount === 0) throw makeError('this signature nonce was already used', 'CONFLICT', { reason: 'REPLAYED' })
}

function toRow (r: Row): GrantRow {
  const grant: Grant = { id: r.id, patientId: r.patient_id, provision: JSON.parse(r.provision) as Provision }
  if (r.revoked_at !== null) grant.revokedAt = Number(r.revoked_at)
  return { grant, typedData: r.typed_data, signature: r.signature, signer: r.signer, grantedAt: Number(r.granted_at), entryIndex: Number(r.entry_index) }
}
