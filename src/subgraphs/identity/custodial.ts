import { createHash } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import { join } from 'node:path'
import { openCustodialKeys } from '../../adapters/custodial-file/custodial-keys.ts'
import { openMigratedDatabase, transaction } from '../../adapters/sqlite/sqlite-db.ts'
import type { CustodialKeys } from '../../ports/custodial-keys.ts'
import type { CustodialPatients } from '../../ports/custodial-patients.ts'
import { makeError } from '../../core/errors.ts'
import type { Rng } from '../../core/types.ts'
import type { Role, Services } from '../context.ts'
import { identityMigrations } from './migrations.ts'
import type { PatientRow } from './rows.ts'

export type { CustodialPatientRow, CustodialPatients } from '../../ports/custodial-patients.ts'

/**
 * Opens the custodial-patient view of an identity store file (migrating it like openIdentityStore).
 * @throws Error from node:sqlite; MedledgerError CONFLICT for a newer schema
 */
export function openCustodialPatients (file: string): CustodialPatients {
  const db = openMigratedDatabase(file, identityMigrations, { synchronous: 'FULL', pragmas: ['foreign_keys = ON'] })
  const q = statements(db)
  return {
    register: (row) => { q.insert.run(row.id, row.organizationId, row.createdAt) },
    byId (id) {
      const r = q.byId.get(id)
      return r === undefined ? undefined : { id, organizationId: r.organization_id as string, createdAt: Number(r.created_at), claimedBy: r.claimed_by as string | null, claimedAt: r.claimed_at === null ? null : Number(r.claimed_at) }
    },
    walletKey: (patientId) => q.patientKey.get(patientId)?.public_key as string | undefined,
    setClaimCode (id, codeHash) {
      const r = q.byId.get(id)
      if (r === undefined) throw makeError('no such custodial patient', 'NOT_FOUND')
      if (r.claimed_by !== null) throw makeError('patient already claimed', 'CONFLICT', { reason: 'ALREADY_DONE' })
      q.setCode.run(codeHash, id)
    },
    claim ({ codeHash, accountId, now }) {
      return transaction(db, () => {
        const r = q.byCode.get(codeHash)
        if (r === undefined || r.claimed_by !== null) throw makeError('unknown or used claim code', 'NOT_FOUND')
        const account = q.account.get(accountId)
        if (account === undefined) throw makeError('account not found', 'NOT_FOUND')
        if (q.patientOfAccount.get(accountId) !== undefined) throw makeError('account is already a patient', 'CONFLICT')
        const roles = JSON.parse(account.roles as string) as Role[]
        if (!roles.includes('PATIENT')) q.setRoles.run(JSON.stringify([...roles, 'PATIENT']), accountId)
        const row: PatientRow = { id: r.id as string, accountId, publicKey: account.public_key as string, registeredAt: now }
        q.insertPatient.run(row.id, row.accountId, row.publicKey, row.registeredAt)
        q.markClaimed.run(accountId, now, row.id)
        return row
      })
    },
    close () { if (db.isOpen) db.close() }
  }
}

/** The custodial patients of these services, opened on first use. */
export function custodialPatients (services: Pick<Services, 'store' | 'dataDir'>): CustodialPatients {
  return services.store('identity-custodial', () => openCustodialPatients(join(services.dataDir, 'identity.db')))
}

/** The custodial key store of these services (`keys/custodial.*`), opened on first use. */
export function custodialKeysOf (services: Pick<Services, 'store' | 'dataDir' | 'rng'>): CustodialKeys {
  return services.store('custodial-keys', () => openCustodialKeys({ dir: join(services.dataDir, 'keys'), rng: services.rng }))
}

/** A fresh claim code (`mlc_` + 32 random bytes base64url) and its SHA-256 (hex), which is all that is stored. */
export function newClaimCode (rng: Rng): { code: string, hash: string } {
  const code = `mlc_${Buffer.from(rng.bytes(32)).toString('base64url')}`
  return { code, hash: claimCodeHash(code) }
}

export function claimCodeHash (code: string): string {
  return createHash('sha256').update(code).digest('hex')
}

function statements (db: DatabaseSync) {
  return {
    insert: db.prepare('INSERT OR IGNORE INTO custodial_patients (id, organization_id, created_at) VALUES (?, ?, ?)'),
    byId: db.prepare('SELECT * FROM custodial_patients WHERE id = ?'),
    byCode: db.prepare('SELECT * FROM custodial_patients WHERE claim_code_hash = ?'),
    setCode: db.prepare('UPDATE custodial_patients SET claim_code_hash = ? WHERE id = ?'),
    markClaimed: db.prepare('UPDATE custodial_patients SET claimed_by = ?, claimed_at = ?, claim_code_hash = NULL WHERE id = ?'),
    patientKey: db.prepare('SELECT public_key FROM patients WHERE id = ?'),
    patientOfAccount: db.prepare('SELECT id FROM patients WHERE account_id = ?'),
    account: db.prepare('SELECT id, public_key, roles FROM accounts WHERE id = ?'),
    setRoles: db.prepare('UPDATE accounts SET roles = ? WHERE id = ?'),
    insertPatient: db.prepare('INSERT INTO patients (id, account_id, public_key, registered_at) VALUES (?, ?, ?, ?)')
  }
}
