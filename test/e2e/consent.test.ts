// Acceptance of consent and audit, over HTTP against a started gateway with every subgraph
// in-process: a consent matrix (callers × purposes × scopes × period × revoked), the access log with
// inclusion proofs that verify, revocation effective on the next request, and erasure with verify passing.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canonicalBytes } from '../../src/core/canonical-json.ts'
import { fromHex, leafHash, verifyInclusion } from '../../src/core/merkle/index.ts'
import { toHex } from '../../src/core/hex.ts'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { codes } from '../gateway/helpers.ts'
import { runCli, tempDir } from '../support/data.ts'
import { client, login, ok, signedGrant, signedRevoke } from './consent-helpers.ts'
import type { Credential } from './consent-helpers.ts'
import { verifyOrganization } from '../support/trust.ts'

const HOUR = 3_600_000
const MINUTE = 60_000
const MARKER = 'consent-e2e-marker-5b1c'
const tmp = tempDir('medledger-consent-')
const clock = { t: Date.now(), now () { return this.t } }
let services: Awaited<ReturnType<typeof openServices>>
let gw: RunningServer | undefined
const gql = client(() => gw!.url)

const patientWallet = Wallet.createRandom()
const patient = { wallet: patientWallet, who: undefined as Credential, id: '' }
/** The callers of the matrix: a practitioner, a colleague, the hospital admin, the hospital's API key, a stranger. */
const callers: Record<'doctor' | 'colleague' | 'admin' | 'apiKey' | 'stranger', Credential> = { doctor: undefined, colleague: undefined, admin: undefined, apiKey: undefined, stranger: undefined }
let practitionerId = ''
let orgId = ''
let strangerAccount = ''
const records = { obs: '', med: '' }

async function createRecord (fhir: Record<string, unknown>): Promise<string> {
  const d = await ok<{ createRecord: { id: string } }>(gql, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', { p: patient.id, f: fhir }, patient.who)
  return d.createRecord.id
}

beforeAll(async () => {
  services = await openServices({ dataDir: tmp.dir, ownsData: true, clock, sealIntervalMs: 50, fsync: false })
  gw = await createGateway({ services, port: 0 })
  const p = await login(gql, patientWallet)
  patient.who = { bearer: p.bearer }
  patient.id = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, patient.who)).registerPatient.id
  const admin = await login(gql, Wallet.createRandom())
  callers.admin = { bearer: admin.bearer }
  orgId = (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation { registerOrganization(input: { name: "Good Health" }) { id } }', {}, callers.admin)).registerOrganization.id
  verifyOrganization(services, orgId)
  for (const who of ['doctor', 'colleague'] as const) {
    const wallet = Wallet.createRandom()
    callers[who] = { bearer: (await login(gql, wallet)).bearer }
    const r = await ok<{ registerPractitioner: { id: string } }>(gql, 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }',
      { i: { address: wallet.address, name: `Dr ${who}`, organizationId: orgId } }, callers.admin)
    if (who === 'doctor') practitionerId = r.registerPractitioner.id
  }
  const key = await ok<{ createApiKey: { secret: string } }>(gql, 'mutation ($o: ID!) { createApiKey(organizationId: $o, scopes: [RECORDS_READ]) { secret } }', { o: orgId }, callers.admin)
  callers.apiKey = { apiKey: key.createApiKey.secret }
  const stranger = await login(gql, Wallet.createRandom())
  callers.stranger = { bearer: stranger.bearer }
  strangerAccount = stranger.accountId
  records.obs = await createRecord({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, effectiveDateTime: '2026-11-01', note: [{ text: MARKER }] })
  records.med = await createRecord({ resourceType: 'MedicationRequest', status: 'active', intent: 'order', subject: { reference: `Patient/${patient.id}` }, note: [{ text: MARKER }] })
})

let closed = false
async function stopAll (): Promise<void> {
  if (closed) return
  closed = true
  await gw?.stop()
  gw = undefined
  await services?.close()
}

afterAll(async () => {
  await stopAll()
  tmp.cleanup()
})

type Caller = keyof typeof callers
const PURPOSES = ['TREAT', 'ETREAT', 'HRESEARCH', 'HPAYMT'] as const

/** Every cell caller:purpose:record that reads the record (anything else must be CONSENT_REQUIRED). */
async function permittedCells (): Promise<string[]> {
  const out: string[] = []
  for (const caller of Object.keys(callers) as Caller[]) {
    for (const purpose of PURPOSES) {
      const r = await gql(`query ($o: ID!, $m: ID!, $p: PurposeOfUse) { obs: record(id: $o, purpose: $p) { id fhir } med: record(id: $m, purpose: $p) { id fhir } }`,
        { o: records.obs, m: records.med, p: purpose }, callers[caller])
      for (const name of ['obs', 'med'] as const) {
        const value = r.body.data?.[name]
        const error = r.body.errors?.find((e) => e.path?.[0] === name)
        if (value !== null && value !== undefined) {
          expect(error).toBeUndefined()
          out.push(`${caller}:${purpose}:${name}`)
        } else {
          expect(error?.extensions?.code, `${caller}:${purpose}:${name} ${JSON.stringify(r.body)}`).toBe('CONSENT_REQUIRED')
        }
      }
      if (!out.some((c) => c.startsWith(`${caller}:${purpose}:`))) expect(JSON.stringify(r.body)).not.toContain(MARKER)
    }
  }
  return out.sort()
}

describe('consent matrix over HTTP', () => {
  it('without any grant, nobody but the patient reads anything', async () => {
    expect(await permittedCells()).toEqual([])
  })

  const scenarios: Array<{ desc: string, provision: () => Record<string, unknown>, inside: string[], outsideAt?: number }> = [
    {
      desc: 'a practitioner, TREAT, Observations only',
      provision: () => ({ type: 'PERMIT', actors: [{ kind: 'PRACTITIONER', id: practitionerId }], purposes: ['TREAT'], resourceTypes: ['Observation'] }),
      inside: ['doctor:TREAT:obs']
    },
    {
      desc: 'an organization (staff and API keys), ETREAT, everything',
      provision: () => ({ type: 'PERMIT', actors: [{ kind: 'ORGANIZATION', id: orgId }], purposes: ['ETREAT'] }),
      inside: ['admin:ETREAT:med', 'admin:ETREAT:obs', 'apiKey:ETREAT:med', 'apiKey:ETREAT:obs', 'colleague:ETREAT:med', 'colleague:ETREAT:obs', 'doctor:ETREAT:med', 'doctor:ETREAT:obs']
    },
    {
      desc: 'the PRACTITIONER role, HRESEARCH, until five minutes from now, medication requests denied',
      provision: () => ({
        type: 'PERMIT', actors: [{ kind: 'ROLE', role: 'PRACTITIONER' }], purposes: ['HRESEARCH'],
        period: { start: new Date(clock.t - HOUR).toISOString(), end: new Date(clock.t + 5 * MINUTE).toISOString() },
        provisions: [{ type: 'DENY', resourceTypes: ['MedicationRequest'] }]
      }),
      inside: ['colleague:HRESEARCH:obs', 'doctor:HRESEARCH:obs'],
      // ten minutes later (bearer tokens live fifteen)
      outsideAt: 10 * MINUTE
    },
    {
      desc: 'one account, HPAYMT, the medication request by record id',
      provision: () => ({ type: 'PERMIT', actors: [{ kind: 'ACCOUNT', id: strangerAccount }], purposes: ['HPAYMT'], recordIds: [records.med] }),
      inside: ['stranger:HPAYMT:med']
    },
    {
      desc: 'Emergency (consent-example-Emergency): base deny for the organization, permit for ETREAT',
      provision: () => ({ type: 'DENY', actors: [{ kind: 'ORGANIZATION', id: orgId }], provisions: [{ type: 'PERMIT', purposes: ['ETREAT'] }] }),
      inside: ['admin:ETREAT:med', 'admin:ETREAT:obs', 'apiKey:ETREAT:med', 'apiKey:ETREAT:obs', 'colleague:ETREAT:med', 'colleague:ETREAT:obs', 'doctor:ETREAT:med', 'doctor:ETREAT:obs']
    }
  ]

  for (const s of scenarios) {
    it(`${s.desc}: permitted inside, nothing outside the period or after revoke (the very next request)`, async () => {
      const grantId = await signedGrant(gql, patient, s.provision())
      expect(await permittedCells()).toEqual([...s.inside].sort())
      if (s.outsideAt !== undefined) {
        clock.t += s.outsideAt
        try {
          expect(await permittedCells()).toEqual([])
        } finally {
          clock.t -= s.outsideAt
        }
      }
      await signedRevoke(gql, patient, grantId)
      expect(await permittedCells()).toEqual([])
    })
  }

  it('a deny grant overrides a broader permit of another grant', async () => {
    const permit = await signedGrant(gql, patient, { type: 'PERMIT', actors: [{ kind: 'ORGANIZATION', id: orgId }], purposes: ['TREAT'] })
    const deny = await signedGrant(gql, patient, { type: 'DENY', actors: [{ kind: 'PRACTITIONER', id: practitionerId }], resourceTypes: ['MedicationRequest'] })
    const cells = await permittedCells()
    expect(cells).toContain('doctor:TREAT:obs')
    expect(cells).not.toContain('doctor:TREAT:med')
    expect(cells).toContain('colleague:TREAT:med')
    await signedRevoke(gql, patient, permit)
    await signedRevoke(gql, patient, deny)
  })

  it('Patient.records and its totalCount show only what a grant permits', async () => {
    const grantId = await signedGrant(gql, patient, { type: 'PERMIT', actors: [{ kind: 'PRACTITIONER', id: practitionerId }], resourceTypes: ['Observation'] })
    const q = 'query ($p: ID!) { patient(id: $p) { records { totalCount edges { node { id history { id } } } } } }'
    const seen = await ok<{ patient: { records: { totalCount: number, edges: Array<{ node: { id: string } }> } } }>(gql, q, { p: patient.id }, callers.doctor)
    expect(seen.patient.records.totalCount).toBe(1)
    expect(seen.patient.records.edges.map((e) => e.node.id)).toEqual([records.obs])
    await signedRevoke(gql, patient, grantId)
    const after = await gql(q, { p: patient.id }, callers.doctor)
    expect(codes(after)).toEqual(['CONSENT_REQUIRED'])
    expect(JSON.stringify(after.body)).not.toContain(records.obs)
  })
})

describe('the access log over HTTP', () => {
  it('lists permitted and denied reads with the deciding grant and inclusion proofs that verify', async () => {
    const grantId = await signedGrant(gql, patient, { type: 'PERMIT', actors: [{ kind: 'PRACTITIONER', id: practitionerId }], purposes: ['TREAT'] })
    await ok(gql, 'query ($o: ID!) { record(id: $o) { id } }', { o: records.obs }, callers.doctor)
    expect(codes(await gql('query ($o: ID!) { record(id: $o) { id } }', { o: records.obs }, callers.stranger))).toEqual(['CONSENT_REQUIRED'])
    await signedRevoke(gql, patient, grantId)
    type Entry = { entryIndex: number, actor: string, decision: string, grant: string | null, recordIds: string[], proof: { leafHash: string, path: string[], blockHeight: number, treeSize: number, root: string } | null }
    let log: Entry[] = []
    for (let i = 0; i < 100; i++) {
      const d = await ok<{ patient: { accessLog: Entry[] } }>(gql, 'query ($p: ID!) { patient(id: $p) { accessLog(first: 5) { entryIndex actor decision grant recordIds proof { leafHash path blockHeight treeSize root } } } }', { p: patient.id }, patient.who)
      log = d.patient.accessLog
      if (log.slice(0, 2).every((e) => e.proof !== null)) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const [denied, permitted] = log
    expect(denied).toMatchObject({ decision: 'DENY', grant: null, recordIds: [records.obs] })
    expect(permitted).toMatchObject({ decision: 'PERMIT', grant: grantId, recordIds: [records.obs] })
    for (const e of [denied!, permitted!]) {
      const proof = e.proof!
      expect(proof.leafHash).toBe(toHex(leafHash(canonicalBytes(services.ledger.entry(e.entryIndex)))))
      expect(verifyInclusion(fromHex(proof.leafHash), e.entryIndex, proof.treeSize, proof.path.map(fromHex), fromHex(proof.root))).toBe(true)
      const block = await ok<{ ledgerBlock: { root: string, treeSize: number } }>(gql, 'query ($h: Int!) { ledgerBlock(height: $h) { root treeSize } }', { h: proof.blockHeight }, patient.who)
      expect(block.ledgerBlock).toEqual({ root: proof.root, treeSize: proof.treeSize })
      const otherRoot = proof.root.replace(/^./, (c) => (c === '0' ? '1' : '0'))
      expect(verifyInclusion(fromHex(proof.leafHash), e.entryIndex, proof.treeSize, proof.path.map(fromHex), fromHex(otherRoot))).toBe(false)
    }
  })
})

describe('erasure over HTTP', () => {
  it('makes an erased record unreadable, and the ledger still verifies', async () => {
    const grantId = await signedGrant(gql, patient, { type: 'PERMIT', actors: [{ kind: 'PRACTITIONER', id: practitionerId }] })
    const erased = await ok<{ eraseRecord: { versions: number } }>(gql, 'mutation ($id: ID!) { eraseRecord(id: $id) { versions } }', { id: records.med }, patient.who)
    expect(erased.eraseRecord.versions).toBe(1)
    const own = await gql('query ($id: ID!) { record(id: $id) { fhir } }', { id: records.med }, patient.who)
    expect(codes(own)).toEqual(['NOT_FOUND'])
    const granted = await gql('query ($id: ID!) { record(id: $id) { fhir } }', { id: records.med }, callers.doctor)
    expect(codes(granted)).toEqual(['CONSENT_REQUIRED'])
    const list = await ok<{ patient: { records: { edges: Array<{ node: { id: string } }> } } }>(gql, 'query ($p: ID!) { patient(id: $p) { records { edges { node { id } } } } }', { p: patient.id }, patient.who)
    expect(list.patient.records.edges.map((e) => e.node.id)).not.toContain(records.med)
    await signedRevoke(gql, patient, grantId)
    await stopAll()
    const verify = runCli(['verify', '--data', tmp.dir, '--json'])
    expect(verify.status, verify.stderr).toBe(0)
    expect(verify.stdout).toContain('shredded')
    const reindex = runCli(['reindex', '--data', tmp.dir])
    expect(reindex.status, reindex.stderr).toBe(0)
  })
})
