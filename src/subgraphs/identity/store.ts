import type { DatabaseSync } from 'node:sqlite'
import { makeError } from '../../core/errors.ts'
import { openMigratedDatabase, transaction } from '../../adapters/sqlite/sqlite-db.ts'
import type { ApiScope, Role, Services } from '../context.ts'
import { identityMigrations } from './migrations.ts'
import type { AccountRow, ApiKeyRow, NonceRow, OrganizationRow, PatientRow, PractitionerRow, VerificationEventRow, VerificationStatus } from './rows.ts'

/** What registering an organization supplies; it starts UNVERIFIED. */
export type NewOrganization = Pick<OrganizationRow, 'id' | 'name' | 'latitude' | 'longitude' | 'createdAt'>

/**
 * Durable identity state: accounts, patients, organizations, practitioners, sign-in nonces, API keys.
 * Batch reads (`…ByIds`) run one query per call and return results aligned with the ids they were given
 * (`undefined` where there is none), which is what a DataLoader batch function returns. Writes that must
 * hold together (a row and the role it grants) are one `BEGIN IMMEDIATE` transaction, so their checks
 * cannot race with another process sharing the file. The store reads no clock and no randomness: callers
 * pass ids and times in.
 */
export interface IdentityStore {
  accountsByIds(ids: readonly string[]): Array<AccountRow | undefined>
  /** The account of `address` (any case). */
  accountByAddress(address: string): AccountRow | undefined
  patientsByIds(ids: readonly string[]): Array<PatientRow | undefined>
  patientsByAccountIds(accountIds: readonly string[]): Array<PatientRow | undefined>
  organizationsByIds(ids: readonly string[]): Array<OrganizationRow | undefined>
  /** Every organization, by name. */
  organizations(): OrganizationRow[]
  /** Ids of the organizations `accountId` administers. */
  adminOrganizationIds(accountId: string): string[]
  isOrganizationAdmin(organizationId: string, accountId: string): boolean
  practitionersByIds(ids: readonly string[]): Array<PractitionerRow | undefined>
  practitionersByAccountIds(accountIds: readonly string[]): Array<PractitionerRow | undefined>
  /** The practitioners of each organization, by name. */
  practitionersByOrganizationIds(organizationIds: readonly string[]): PractitionerRow[][]
  apiKeysByIds(ids: readonly string[]): Array<ApiKeyRow | undefined>
  /** The key and its secret's SHA-256 (hex), for verifying an `ApiKey` header. */
  apiKeyCredential(id: string): { key: ApiKeyRow, secretHash: string } | undefined
  nonce(nonce: string): NonceRow | undefined

  insertNonce(row: NonceRow): void
  /** Deletes nonces that expired before `now`; returns how many. */
  deleteExpiredNonces(now: number): number
  /**
   * Marks `nonce` used (only if unused, issued for `address` and unexpired at `now`) and returns the account
   * of `address`, creating it from `account` when absent — one transaction. Returns undefined when the nonce
   * could not be consumed (already used, concurrently or before).
   */
  completeSignIn(input: { nonce: string, now: number, account: AccountRow }): AccountRow | undefined
  /** Inserts the patient and grants its account PATIENT. @throws MedledgerError CONFLICT when the account already is a patient; NOT_FOUND without the account */
  createPatient(row: PatientRow): PatientRow
  /** Inserts the organization, makes `adminAccountId` its admin and grants HOSPITAL_ADMIN. @throws MedledgerError NOT_FOUND without the account */
  createOrganization(row: NewOrganization, adminAccountId: string): OrganizationRow
  /**
   * Sets an organization's verification (VERIFIED or SUSPENDED) and queues the change for its ledger entry, in
   * one transaction. Setting the status it already has changes nothing and returns undefined.
   * @throws MedledgerError NOT_FOUND without the organization
   */
  setVerification(input: { organizationId: string, status: 'VERIFIED' | 'SUSPENDED', actor: string, reason?: string, time: number }): VerificationEventRow | undefined
  /** Verification changes whose ledger entry is not appended yet, oldest first. */
  unloggedVerifications(): VerificationEventRow[]
  /** Records where a change's ledger entry went. */
  setVerificationEntry(seq: number, entryIndex: number): void
  /** The verification changes of an organization, oldest first. */
  verificationsOf(organizationId: string): VerificationEventRow[]
  /** Of `organizationIds`, those VERIFIED now. */
  verifiedOrganizationIds(organizationIds: readonly string[]): string[]
  /** Inserts the practitioner and grants PRACTITIONER. @throws MedledgerError CONFLICT when the account already is a practitioner; NOT_FOUND without the account or organization */
  createPractitioner(row: PractitionerRow): PractitionerRow
  /** @throws MedledgerError NOT_FOUND without the organization */
  createApiKey(row: ApiKeyRow, secretHash: string): ApiKeyRow
  /** Sets `revoked_at` unless already set; returns the key as it now is, undefined when unknown. */
  revokeApiKey(id: string, now: number): ApiKeyRow | undefined
  /**
   * Grants a role outside the registration flows (RESEARCHER, INSURER, AUDITOR have none yet): operators and
   * demo data only, never a resolver. @throws MedledgerError NOT_FOUND without the account
   */
  grantRole(accountId: string, role: Role): void
  close(): void
}

const ACCOUNT = 'id, address, public_key, roles, created_at'
const PATIENT = 'id, account_id, public_key, registered_at'
const ORGANIZATION = 'id, name, latitude, longitude, created_at, verification, verification_changed_at, verification_changed_by, verified_at'
const PRACTITIONER = 'id, account_id, organization_id, name, registered_at'
const VERIFICATION = 'seq, organization_id, status, actor, reason, time, entry_index'
const API_KEY = 'id, organization_id, scopes, created_at, revoked_at'
/** `?` bound to a JSON array of keys: one statement for any batch size, no parameter limit. */
const IN_JSON = 'IN (SELECT value FROM json_each(?))'

/**
 * Opens (creating and migrating) the identity store on a SQLite file: WAL, `synchronous = FULL` (identity
 * is durable state, every commit survives power loss), foreign keys on.
 * @throws Error from node:sqlite when the file cannot be opened or is not a database
 * @throws MedledgerError CONFLICT when the file was written by a newer schema
 */
export function openIdentityStore (file: string): IdentityStore {
  const db = openMigratedDatabase(file, identityMigrations, { synchronous: 'FULL', pragmas: ['foreign_keys = ON'] })
  const q = statements(db)
  let closed = false

  function addRole (accountId: string, role: Role): void {
    const row = q.account.get(accountId)
    if (row === undefined) throw makeError('account not found', 'NOT_FOUND')
    const roles = JSON.parse(row.roles as string) as Role[]
    if (!roles.includes(role)) q.setRoles.run(JSON.stringify([...roles, role]), accountId)
  }

  return {
    accountsByIds: (ids) => aligned(ids, q.accounts.all(JSON.stringify(ids)).map(toAccount), (r) => r.id),
    accountByAddress (address) {
      const row = q.accountByAddress.get(address.toLowerCase())
      return row === undefined ? undefined : toAccount(row)
    },
    patientsByIds: (ids) => aligned(ids, q.patients.all(JSON.stringify(ids)).map(toPatient), (r) => r.id),
    patientsByAccountIds: (ids) => aligned(ids, q.patientsByAccount.all(JSON.stringify(ids)).map(toPatient), (r) => r.accountId),
    organizationsByIds: (ids) => aligned(ids, q.organizations.all(JSON.stringify(ids)).map(toOrganization), (r) => r.id),
    organizations: () => q.allOrganizations.all().map(toOrganization),
    adminOrganizationIds: (accountId) => q.adminOrgs.all(accountId).map((r) => r.organization_id as string),
    isOrganizationAdmin: (organizationId, accountId) => q.isAdmin.get(organizationId, accountId) !== undefined,
    practitionersByIds: (ids) => aligned(ids, q.practitioners.all(JSON.stringify(ids)).map(toPractitioner), (r) => r.id),
    practitionersByAccountIds: (ids) => aligned(ids, q.practitionersByAccount.all(JSON.stringify(ids)).map(toPractitioner), (r) => r.accountId),
    practitionersByOrganizationIds (ids) {
      const groups = new Map<string, PractitionerRow[]>(ids.map((id) => [id, []]))
      for (const row of q.practitionersByOrg.all(JSON.stringify(ids)).map(toPractitioner)) groups.get(row.organizationId)?.push(row)
      return ids.map((id) => groups.get(id) ?? [])
    },
    apiKeysByIds: (ids) => aligned(ids, q.apiKeys.all(JSON.stringify(ids)).map(toApiKey), (r) => r.id),
    apiKeyCredential (id) {
      const row = q.apiKeyCredential.get(id)
      return row === undefined ? undefined : { key: toApiKey(row), secretHash: row.secret_hash as string }
    },
    nonce (nonce) {
      const row = q.nonce.get(nonce)
      return row === undefined ? undefined : toNonce(row)
    },

    insertNonce (row) {
      q.insertNonce.run(row.nonce, row.address.toLowerCase(), row.issuedAt, row.expiresAt, row.usedAt)
    },
    deleteExpiredNonces: (now) => Number(q.deleteExpiredNonces.run(now).changes),
    completeSignIn ({ nonce, now, account }) {
      return transaction(db, () => {
        if (Number(q.consumeNonce.run(now, nonce, account.address.toLowerCase(), now).changes) !== 1) return undefined
        const found = q.accountByAddress.get(account.address.toLowerCase())
        if (found !== undefined) return toAccount(found)
        q.insertAccount.run(account.id, account.address.toLowerCase(), account.publicKey, JSON.stringify(account.roles), account.createdAt)
        return { ...account, address: account.address.toLowerCase() }
      })
    },
    grantRole (accountId, role) {
      transaction(db, () => addRole(accountId, role))
    },
    createPatient (row) {
      return transaction(db, () => {
        if (q.patientsByAccount.get(JSON.stringify([row.accountId])) !== undefined) throw makeError('account is already a patient', 'CONFLICT')
        addRole(row.accountId, 'PATIENT')
        q.insertPatient.run(row.id, row.accountId, row.publicKey, row.registeredAt)
        return row
      })
    },
    createOrganization (row, adminAccountId) {
      return transaction(db, () => {
        addRole(adminAccountId, 'HOSPITAL_ADMIN')
        q.insertOrganization.run(row.id, row.name, row.latitude, row.longitude, row.createdAt)
        q.insertAdmin.run(row.id, adminAccountId)
        return toOrganization(q.organizations.get(JSON.stringify([row.id]))!)
      })
    },
    setVerification ({ organizationId, status, actor, reason, time }) {
      return transaction(db, () => {
        const found = q.organizations.get(JSON.stringify([organizationId]))
        if (found === undefined) throw makeError('organization not found', 'NOT_FOUND')
        if (found.verification === status) return undefined
        q.setVerification.run(status, time, actor, status === 'VERIFIED' ? time : null, organizationId)
        const seq = Number(q.insertVerification.run(organizationId, status, actor, reason ?? null, time).lastInsertRowid)
        return { seq, organizationId, status, actor, reason: reason ?? null, time, entryIndex: null }
      })
    },
    unloggedVerifications: () => q.unloggedVerifications.all().map(toVerification),
    setVerificationEntry (seq, entryIndex) {
      q.setVerificationEntry.run(entryIndex, seq)
    },
    verificationsOf: (organizationId) => q.verificationsOf.all(organizationId).map(toVerification),
    verifiedOrganizationIds: (ids) => ids.length === 0 ? [] : q.verifiedOrganizations.all(JSON.stringify(ids)).map((r) => r.id as string),
    createPractitioner (row) {
      return transaction(db, () => {
        if (q.organizations.get(JSON.stringify([row.organizationId])) === undefined) throw makeError('organization not found', 'NOT_FOUND')
        if (q.practitionersByAccount.get(JSON.stringify([row.accountId])) !== undefined) throw makeError('account is already a practitioner', 'CONFLICT')
        addRole(row.accountId, 'PRACTITIONER')
        q.insertPractitioner.run(row.id, row.accountId, row.organizationId, row.name, row.registeredAt)
        return row
      })
    },
    createApiKey (row, secretHash) {
      return transaction(db, () => {
        if (q.organizations.get(JSON.stringify([row.organizationId])) === undefined) throw makeError('organization not found', 'NOT_FOUND')
        q.insertApiKey.run(row.id, row.organizationId, JSON.stringify(row.scopes), secretHash, row.createdAt, row.revokedAt)
        return row
      })
    },
    revokeApiKey (id, now) {
      return transaction(db, () => {
        q.revokeApiKey.run(now, id)
        const row = q.apiKeyCredential.get(id)
        return row === undefined ? undefined : toApiKey(row)
      })
    },
    close () {
      if (closed) return
      closed = true
      db.close()
    }
  }
}

/** The identity store of these services (`<data folder>/identity.db`), opened on first use. */
export function identityStore (services: Pick<Services, 'store'>): IdentityStore {
  return services.store('identity', openIdentityStore)
}

function statements (db: DatabaseSync) {
  return {
    account: db.prepare(`SELECT ${ACCOUNT} FROM accounts WHERE id = ?`),
    accounts: db.prepare(`SELECT ${ACCOUNT} FROM accounts WHERE id ${IN_JSON}`),
    accountByAddress: db.prepare(`SELECT ${ACCOUNT} FROM accounts WHERE address = ?`),
    insertAccount: db.prepare('INSERT INTO accounts (id, address, public_key, roles, created_at) VALUES (?, ?, ?, ?, ?)'),
    setRoles: db.prepare('UPDATE accounts SET roles = ? WHERE id = ?'),
    patients: db.prepare(`SELECT ${PATIENT} FROM patients WHERE id ${IN_JSON}`),
    patientsByAccount: db.prepare(`SELECT ${PATIENT} FROM patients WHERE account_id ${IN_JSON}`),
    insertPatient: db.prepare('INSERT INTO patients (id, account_id, public_key, registered_at) VALUES (?, ?, ?, ?)'),
    organizations: db.prepare(`SELECT ${ORGANIZATION} FROM organizations WHERE id ${IN_JSON}`),
    allOrganizations: db.prepare(`SELECT ${ORGANIZATION} FROM organizations ORDER BY name, id`),
    insertOrganization: db.prepare('INSERT INTO organizations (id, name, latitude, longitude, created_at) VALUES (?, ?, ?, ?, ?)'),
    insertAdmin: db.prepare('INSERT OR IGNORE INTO organization_admins (organization_id, account_id) VALUES (?, ?)'),
    adminOrgs: db.prepare('SELECT organization_id FROM organization_admins WHERE account_id = ? ORDER BY organization_id'),
    isAdmin: db.prepare('SELECT 1 AS yes FROM organization_admins WHERE organization_id = ? AND account_id = ?'),
    practitioners: db.prepare(`SELECT ${PRACTITIONER} FROM practitioners WHERE id ${IN_JSON}`),
    practitionersByAccount: db.prepare(`SELECT ${PRACTITIONER} FROM practitioners WHERE account_id ${IN_JSON}`),
    practitionersByOrg: db.prepare(`SELECT ${PRACTITIONER} FROM practitioners WHERE organization_id ${IN_JSON} ORDER BY name, id`),
    insertPractitioner: db.prepare('INSERT INTO practitioners (id, account_id, organization_id, name, registered_at) VALUES (?, ?, ?, ?, ?)'),
    setVerification: db.prepare('UPDATE organizations SET verification = ?, verification_changed_at = ?, verification_changed_by = ?, verified_at = coalesce(?, verified_at) WHERE id = ?'),
    insertVerification: db.prepare('INSERT INTO organization_verifications (organization_id, status, actor, reason, time) VALUES (?, ?, ?, ?, ?)'),
    unloggedVerifications: db.prepare(`SELECT ${VERIFICATION} FROM organization_verifications WHERE entry_index IS NULL ORDER BY seq`),
    setVerificationEntry: db.prepare('UPDATE organization_verifications SET entry_index = ? WHERE seq = ?'),
    verificationsOf: db.prepare(`SELECT ${VERIFICATION} FROM organization_verifications WHERE organization_id = ? ORDER BY seq`),
    verifiedOrganizations: db.prepare(`SELECT id FROM organizations WHERE verification = 'VERIFIED' AND id ${IN_JSON}`),
    nonce: db.prepare('SELECT nonce, address, issued_at, expires_at, used_at FROM siwe_nonces WHERE nonce = ?'),
    insertNonce: db.prepare('INSERT INTO siwe_nonces (nonce, address, issued_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?)'),
    consumeNonce: db.prepare('UPDATE siwe_nonces SET used_at = ? WHERE nonce = ? AND address = ? AND used_at IS NULL AND expires_at > ?'),
    deleteExpiredNonces: db.prepare('DELETE FROM siwe_nonces WHERE expires_at < ?'),
    apiKeys: db.prepare(`SELECT ${API_KEY} FROM api_keys WHERE id ${IN_JSON}`),
    apiKeyCredential: db.prepare(`SELECT ${API_KEY}, secret_hash FROM api_keys WHERE id = ?`),
    insertApiKey: db.prepare('INSERT INTO api_keys (id, organization_id, scopes, secret_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)'),
    revokeApiKey: db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
  }
}

/** Orders `rows` like `keys`, `undefined` where no row has that key. */
function aligned<T> (keys: readonly string[], rows: T[], keyOf: (row: T) => string): Array<T | undefined> {
  const byKey = new Map(rows.map((r) => [keyOf(r), r]))
  return keys.map((k) => byKey.get(k))
}

type Sql = Record<string, unknown>

function toAccount (r: Sql): AccountRow {
  return { id: r.id as string, address: r.address as string, publicKey: r.public_key as string, roles: JSON.parse(r.roles as string) as Role[], createdAt: Number(r.created_at) }
}

function toPatient (r: Sql): PatientRow {
  return { id: r.id as string, accountId: r.account_id as string, publicKey: r.public_key as string, registeredAt: Number(r.registered_at) }
}

function toOrganization (r: Sql): OrganizationRow {
  return {
    id: r.id as string, name: r.name as string, latitude: r.latitude as number | null, longitude: r.longitude as number | null, createdAt: Number(r.created_at),
    verification: r.verification as VerificationStatus, verificationChangedAt: nullableNumber(r.verification_changed_at),
    verificationChangedBy: r.verification_changed_by as string | null, verifiedAt: nullableNumber(r.verified_at)
  }
}

function toVerification (r: Sql): VerificationEventRow {
  return {
    seq: Number(r.seq), organizationId: r.organization_id as string, status: r.status as 'VERIFIED' | 'SUSPENDED', actor: r.actor as string,
    reason: r.reason as string | null, time: Number(r.time), entryIndex: nullableNumber(r.entry_index)
  }
}

function nullableNumber (v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v)
}

function toPractitioner (r: Sql): PractitionerRow {
  return { id: r.id as string, accountId: r.account_id as string, organizationId: r.organization_id as string, name: r.name as string, registeredAt: Number(r.registered_at) }
}

function toApiKey (r: Sql): ApiKeyRow {
  return { id: r.id as string, organizationId: r.organization_id as string, scopes: JSON.parse(r.scopes as string) as ApiScope[], createdAt: Number(r.created_at), revokedAt: r.revoked_at === null ? null : Number(r.revoked_at) }
}

function toNonce (r: Sql): NonceRow {
  return { nonce: r.nonce as string, address: r.address as string, issuedAt: Number(r.issued_at), expiresAt: Number(r.expires_at), usedAt: r.used_at === null ? null : Number(r.used_at) }
}
