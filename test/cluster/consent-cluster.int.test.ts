/**
 * Two `medledger serve --postgres <url>` processes over one PostgreSQL (cluster state, part A). A grant
 * signed through process A is enforced by process B on the next request, a revocation through A likewise,
 * and a grant's signature nonce spent on A is refused on B; a session signed out through A is refused by B.
 *
 * Identity is not on PostgreSQL yet, so each process has its own data folder whose identity.db is seeded
 * with the same accounts, patient, hospital and practitioner (same ids); records live in B's data folder
 * (records and the ledger stay per data folder until the ledger and bodies issues land). Consent — what this
 * checks — is shared through PostgreSQL only.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TypedDataRequest } from '../../src/core/consent/index.ts'
import { signTypedData } from '../../src/subgraphs/consent/test-kit.ts'
import { openIdentityStore } from '../../src/subgraphs/identity/store.ts'
import { client, login, ok } from '../e2e/consent-helpers.ts'
import type { Credential } from '../e2e/consent-helpers.ts'
import { codes, freePort } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'
import { testDatabase } from '../support/postgres.ts'

const MAIN = join(import.meta.dirname, '../../src/cli/main.ts')
const PATIENT = 'patient-cluster'
const PRACTITIONER = 'practitioner-cluster'
const ORG = 'org-cluster'

const patientWallet = Wallet.createRandom()
const doctorWallet = Wallet.createRandom()

/** One session signing key for both processes (keys/auth.json), so a token issued by A is valid on B. */
const AUTH = JSON.stringify({ session: randomBytes(32).toString('hex'), internal: randomBytes(32).toString('hex') })

/**
 * Seeds identity.db of a data folder with the shared cast (same ids in every process) and the shared session
 * signing key.
 */
function seedIdentity (dir: string): void {
  mkdirSync(join(dir, 'keys'), { recursive: true })
  writeFileSync(join(dir, 'keys', 'auth.json'), AUTH, { mode: 0o600 })
  const store = openIdentityStore(join(dir, 'identity.db'))
  try {
    const now = Date.now()
    for (const [id, wallet] of [['acct-patient', patientWallet], ['acct-doctor', doctorWallet]] as const) {
      const address = wallet.address.toLowerCase()
      store.insertNonce({ nonce: `seed-${id}`, address, issuedAt: now, expiresAt: now + 60_000, usedAt: null })
      store.completeSignIn({ nonce: `seed-${id}`, now, account: { id, address, publicKey: wallet.signingKey.compressedPublicKey, roles: [], createdAt: now } })
    }
    store.createPatient({ id: PATIENT, accountId: 'acct-patient', publicKey: patientWallet.signingKey.compressedPublicKey, registeredAt: now })
    store.createOrganization({ id: ORG, name: 'Cluster Hospital', latitude: null, longitude: null, createdAt: now }, 'acct-doctor')
    store.setVerification({ organizationId: ORG, status: 'VERIFIED', actor: 'operator:test', time: now })
    store.createPractitioner({ id: PRACTITIONER, accountId: 'acct-doctor', organizationId: ORG, name: 'Dr Cluster', registeredAt: now })
  } finally {
    store.close()
  }
}

interface Node { child: ChildProcess, url: string, output: () => string }

async function serve (dataDir: string, postgres: string): Promise<Node> {
  const port = await freePort()
  const env = { ...process.env }
  delete env.MEDLEDGER_POSTGRES_URL
  const child = spawn(process.execPath, [MAIN, 'serve', '--port', String(port), '--data', dataDir, '--postgres', postgres], { stdio: ['ignore', 'pipe', 'pipe'], env })
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`serve did not start:\n${output}`)) }, 45_000)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /gateway on (\S+)/.exec(output)
      if (match !== null) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child.once('exit', (code) => { reject(new Error(`serve exited with ${code}:\n${output}`)) })
  })
  return { child, url, output: () => output }
}

const READ = 'query ($id: ID!) { record(id: $id) { id } }'
const GRANT_TO_SIGN = 'query ($i: GrantInput!) { grantToSign(input: $i) { typedData } }'
const GRANT = 'mutation ($t: JSON!, $s: String!) { grantConsent(typedData: $t, signature: $s) { id } }'
const REVOCATION_TO_SIGN = 'query ($g: ID!) { revocationToSign(grantId: $g) { typedData } }'
const REVOKE = 'mutation ($t: JSON!, $s: String!) { revokeGrant(typedData: $t, signature: $s) { id } }'

describe('two gateway processes over one PostgreSQL (consent)', () => {
  const dirA = tempDir('medledger-cluster-a-')
  const dirB = tempDir('medledger-cluster-b-')
  let db: Awaited<ReturnType<typeof testDatabase>>
  let a: Node
  let b: Node
  const gqlA = client(() => a.url)
  const gqlB = client(() => b.url)
  const onA = { patient: undefined as Credential }
  const onB = { patient: undefined as Credential, doctor: undefined as Credential }
  let recordId = ''

  beforeAll(async () => {
    db = await testDatabase()
    seedIdentity(dirA.dir)
    seedIdentity(dirB.dir)
    ;[a, b] = await Promise.all([serve(dirA.dir, db.url), serve(dirB.dir, db.url)])
    onA.patient = { bearer: (await login(gqlA, patientWallet)).bearer }
    onB.patient = { bearer: (await login(gqlB, patientWallet)).bearer }
    onB.doctor = { bearer: (await login(gqlB, doctorWallet)).bearer }
    const created = await ok<{ createRecord: { id: string } }>(gqlB, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', {
      p: PATIENT, f: { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, effectiveDateTime: '2026-11-01' }
    }, onB.patient)
    recordId = created.createRecord.id
  }, 120_000)

  afterAll(async () => {
    for (const n of [a, b]) {
      if (n !== undefined && n.child.exitCode === null) {
        const exited = new Promise((resolve) => n.child.once('exit', resolve))
        n.child.kill('SIGTERM')
        await exited
      }
    }
    await db?.drop()
    dirA.cleanup()
    dirB.cleanup()
  })

  it('enforces on B, at the next request, a grant and then a revocation made through A; a nonce spent on A is refused on B', async () => {
    // no grant yet: B refuses the doctor
    expect(codes(await gqlB(READ, { id: recordId }, onB.doctor))).toEqual(['CONSENT_REQUIRED'])

    // the patient grants through A
    const provision = { type: 'PERMIT', actors: [{ kind: 'PRACTITIONER', id: PRACTITIONER }], purposes: ['TREAT'] }
    const toSign = await ok<{ grantToSign: { typedData: TypedDataRequest } }>(gqlA, GRANT_TO_SIGN, { i: { patientId: PATIENT, provision } }, onA.patient)
    const typedData = toSign.grantToSign.typedData
    const signature = await signTypedData(patientWallet, typedData)
    const grantId = (await ok<{ grantConsent: { id: string } }>(gqlA, GRANT, { t: typedData, s: signature }, onA.patient)).grantConsent.id

    // B permits the doctor on the very next request
    const permitted = await gqlB(READ, { id: recordId }, onB.doctor)
    expect(permitted.body.errors).toBeUndefined()
    expect(permitted.body.data).toEqual({ record: { id: recordId } })

    // the same signed grant replayed on B: its nonce was spent on A
    const replay = await gqlB(GRANT, { t: typedData, s: signature }, onB.patient)
    expect(codes(replay)).toEqual(['CONFLICT'])

    // the patient revokes through A; B refuses the doctor on the very next request
    const r = await ok<{ revocationToSign: { typedData: TypedDataRequest } }>(gqlA, REVOCATION_TO_SIGN, { g: grantId }, onA.patient)
    const revocation = r.revocationToSign.typedData
    const revocationSignature = await signTypedData(patientWallet, revocation)
    await ok(gqlA, REVOKE, { t: revocation, s: revocationSignature }, onA.patient)
    expect(codes(await gqlB(READ, { id: recordId }, onB.doctor))).toEqual(['CONSENT_REQUIRED'])

    // the revocation replayed on B is refused too (the grant is already revoked)
    expect(codes(await gqlB(REVOKE, { t: revocation, s: revocationSignature }, onB.patient))).toEqual(['CONFLICT'])
  }, 120_000)

  it('refuses on B, from the next request, a session signed out through A', async () => {
    const session = { bearer: (await login(gqlA, patientWallet)).bearer }
    const me = 'query { me { id } }'
    expect((await gqlB(me, {}, session)).body.errors).toBeUndefined()
    await ok(gqlA, 'mutation { signOut }', {}, session)
    expect(codes(await gqlB(me, {}, session))).toEqual(['UNAUTHENTICATED'])
    // the other session of the same account is untouched
    expect((await gqlB(me, {}, onB.patient)).body.errors).toBeUndefined()
  }, 60_000)
})
