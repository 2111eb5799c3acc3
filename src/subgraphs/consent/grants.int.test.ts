import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { grantTypedData, parseTypedData, recoverSigner } from '../../core/consent/index.ts'
import type { TypedDataRequest } from '../../core/consent/index.ts'
import type { Viewer } from '../context.ts'
import { recordsSubgraph } from '../records/index.ts'
import { observation, openHarness } from '../records/test-kit.ts'
import type { Harness, TestPatient } from '../records/test-kit.ts'
import { consentSubgraph } from './index.ts'
import { signTypedData } from './test-kit.ts'

const TO_SIGN = 'query ($input: GrantInput!) { grantToSign(input: $input) { typedData digest } }'
const GRANT = 'mutation ($t: JSON!, $s: String!) { grantConsent(typedData: $t, signature: $s) { id status signer entryIndex provision patient { id } } }'
const REVOKE_TO_SIGN = 'query ($id: ID!) { revocationToSign(grantId: $id) { typedData } }'
const REVOKE = 'mutation ($t: JSON!, $s: String!) { revokeGrant(typedData: $t, signature: $s) { id status revokedAt } }'
const READ = 'query ($id: ID!, $purpose: PurposeOfUse) { record(id: $id, purpose: $purpose) { id version fhir } }'

let h: Harness
let pat: TestPatient
const doctor: Viewer = { kind: 'account', accountId: 'acct-doc', address: '0x' + '1'.repeat(40), roles: ['PRACTITIONER'], practitionerId: 'pr-doc', organizationIds: ['org-a'], verifiedOrganizationIds: ['org-a'] }

beforeAll(async () => {
  h = await openHarness()
  pat = h.registerPatient('petra')
})
afterAll(async () => { await h.close() })

async function toSign (provision: Record<string, unknown>, viewer: Viewer = pat.viewer): Promise<TypedDataRequest> {
  const res = await h.run(consentSubgraph, TO_SIGN, { viewer, variables: { input: { patientId: pat.id, provision } } })
  expect(res.errors).toBeUndefined()
  return (res.data!.grantToSign as { typedData: TypedDataRequest }).typedData
}

async function grant (provision: Record<string, unknown>): Promise<string> {
  const typedData = await toSign(provision)
  const res = await h.run(consentSubgraph, GRANT, { viewer: pat.viewer, variables: { t: typedData, s: await signTypedData(pat.wallet, typedData) } })
  expect(res.errors).toBeUndefined()
  return (res.data!.grantConsent as { id: string }).id
}

async function revoke (grantId: string): Promise<void> {
  const r = await h.run(consentSubgraph, REVOKE_TO_SIGN, { viewer: pat.viewer, variables: { id: grantId } })
  const typedData = (r.data!.revocationToSign as { typedData: TypedDataRequest }).typedData
  const res = await h.run(consentSubgraph, REVOKE, { viewer: pat.viewer, variables: { t: typedData, s: await signTypedData(pat.wallet, typedData) } })
  expect(res.errors).toBeUndefined()
}

const treatDoctor = { type: 'PERMIT', actors: [{ kind: 'PRACTITIONER', id: 'pr-doc' }], purposes: ['TREAT'] }

describe('grants signed as EIP-712 typed data', () => {
  it('stores a grant signed by the patient and keeps a re-verifiable ConsentGranted entry', async () => {
    const typedData = await toSign(treatDoctor)
    expect(typedData.domain).toEqual({ name: 'medledger', version: '1' })
    const signature = await signTypedData(pat.wallet, typedData)
    const res = await h.run(consentSubgraph, GRANT, { viewer: pat.viewer, variables: { t: typedData, s: signature } })
    expect(res.errors).toBeUndefined()
    const g = res.data!.grantConsent as { id: string, status: string, signer: string, entryIndex: number }
    expect(g).toMatchObject({ status: 'ACTIVE', signer: pat.wallet.address })
    const entry = h.services.ledger.entry(g.entryIndex) as unknown as { type: string, typedData: string, signature: string, grantId: string }
    expect(entry).toMatchObject({ type: 'ConsentGranted', grantId: g.id, signature })
    // anyone can re-verify it from the ledger alone
    expect(recoverSigner(parseTypedData(JSON.parse(entry.typedData), 'Grant'), entry.signature)).toBe(pat.wallet.address)

    const replay = await h.run(consentSubgraph, GRANT, { viewer: pat.viewer, variables: { t: typedData, s: signature } })
    expect(replay.codes).toEqual(['CONFLICT'])
    const list = await h.run(consentSubgraph, `{ _entities(representations: [{ __typename: "Patient", id: "${pat.id}" }]) { ... on Patient { grants { id status fhir } } } }`, { viewer: pat.viewer })
    const grants = (list.data!._entities as Array<{ grants: Array<{ id: string, fhir: { resourceType: string } }> }>)[0]!.grants
    expect(grants.map((x) => x.id)).toContain(g.id)
    expect(grants[0]!.fhir.resourceType).toBe('Consent')
    await revoke(g.id)
  })

  it('refuses a signature by another wallet, an expired signature, and a tampered message', async () => {
    const typedData = await toSign(treatDoctor)
    const other = await signTypedData(Wallet.createRandom(), typedData)
    expect((await h.run(consentSubgraph, GRANT, { viewer: pat.viewer, variables: { t: typedData, s: other } })).codes).toEqual(['FORBIDDEN'])
    const grantOfMsg = { id: 'g-expired', patientId: pat.id, provision: { type: 'permit' as const, actors: [{ kind: 'practitioner' as const, id: 'pr-doc' }] } }
    const expired = grantTypedData(grantOfMsg, 'n-old', Math.floor(Date.now() / 1000) - 10)
    expect((await h.run(consentSubgraph, GRANT, { viewer: pat.viewer, variables: { t: expired, s: await signTypedData(pat.wallet, expired) } })).codes).toEqual(['BAD_USER_INPUT'])
    const signature = await signTypedData(pat.wallet, typedData)
    const widened = { ...typedData, message: { ...typedData.message, grantId: 'g-other' } }
    expect((await h.run(consentSubgraph, GRANT, { viewer: pat.viewer, variables: { t: widened, s: signature } })).codes).toEqual(['FORBIDDEN'])
    expect((await h.run(consentSubgraph, TO_SIGN, { viewer: doctor, variables: { input: { patientId: pat.id, provision: treatDoctor } } })).codes).toEqual(['FORBIDDEN'])
  })
})

describe('enforcement, audit and revocation', () => {
  it('permits the grantee for the granted purpose only, logs the deciding grant, and cuts off after revoke', async () => {
    const [row] = await h.services.data!.spine.write([{ patient: pat, resource: observation(pat.id, 66) }], { actor: 'account:seed' })
    const id = row!.recordId
    expect((await h.run(recordsSubgraph, READ, { viewer: doctor, variables: { id } })).codes).toEqual(['CONSENT_REQUIRED'])
    const grantId = await grant(treatDoctor)
    const before = h.services.ledger.size()
    const ok = await h.run(recordsSubgraph, READ, { viewer: doctor, variables: { id } })
    expect(ok.errors).toBeUndefined()
    expect((ok.data!.record as { fhir: { valueQuantity: { value: number } } }).fhir.valueQuantity.value).toBe(66)
    expect([...h.services.ledger.entries(before)].map((e) => e.entry)).toEqual([
      expect.objectContaining({ type: 'AccessLogged', actor: 'account:acct-doc', subject: pat.id, recordIds: [id], purpose: 'TREAT', decision: 'permit', grant: grantId })
    ])
    const research = await h.run(recordsSubgraph, READ, { viewer: doctor, variables: { id, purpose: 'HRESEARCH' } })
    expect(research.codes).toEqual(['CONSENT_REQUIRED'])
    expect(JSON.stringify(research.data)).not.toContain('66')

    await revoke(grantId)
    const after = await h.run(recordsSubgraph, READ, { viewer: doctor, variables: { id } })
    expect(after.codes).toEqual(['CONSENT_REQUIRED'])
    expect(after.data?.record ?? null).toBeNull()
  })

  it('key epochs: every version has its own data key, and a revoked grantee gets nothing of later versions', async () => {
    const grantId = await grant(treatDoctor)
    const [v1] = await h.services.data!.spine.write([{ patient: pat, resource: observation(pat.id, 101) }], { actor: 'account:seed' })
    const id = v1!.recordId
    expect((await h.run(recordsSubgraph, READ, { viewer: doctor, variables: { id } })).errors).toBeUndefined()
    await revoke(grantId)
    await h.services.data!.spine.write([{ patient: pat, resource: observation(pat.id, 202), recordId: id }], { actor: 'account:seed' })
    const keys = h.services.data!.keys
    const dek1 = keys.unwrapDek({ recordId: id, version: 1, patientId: pat.id })
    const dek2 = keys.unwrapDek({ recordId: id, version: 2, patientId: pat.id })
    expect(Buffer.from(dek1).equals(Buffer.from(dek2))).toBe(false)
    for (const variables of [{ id }, { id, version: 2 }, { id, version: 1 }]) {
      const res = await h.run(recordsSubgraph, 'query ($id: ID!, $version: Int) { record(id: $id, version: $version) { fhir history { fhir } } }', { viewer: doctor, variables })
      expect(res.codes).toEqual(['CONSENT_REQUIRED'])
      expect(JSON.stringify(res.data)).not.toMatch(/101|202/)
    }
  })

  it('loads the grants of many patients in one batch', async () => {
    const other = h.registerPatient('quinn')
    h.services.metrics.reset()
    const q = `{ _entities(representations: [{ __typename: "Patient", id: "${pat.id}" }, { __typename: "Patient", id: "${other.id}" }]) { ... on Patient { records { totalCount } } } }`
    await h.run(recordsSubgraph, q, { viewer: doctor })
    expect(h.services.metrics.get('consent.grants')).toBe(1)
  })
})

describe('FHIR import and export', () => {
  it('imports a Consent into typed data to sign, and exports the stored grant as FHIR', async () => {
    const fhir = {
      resourceType: 'Consent',
      status: 'active',
      patient: { reference: `Patient/${pat.id}` },
      provision: { type: 'permit', actor: [{ reference: { reference: 'Organization/org-a' } }], purpose: [{ code: 'ETREAT' }] }
    }
    const res = await h.run(consentSubgraph, 'query ($f: JSON!) { importConsent(fhir: $f) { typedData } }', { viewer: pat.viewer, variables: { f: fhir } })
    expect(res.errors).toBeUndefined()
    const typedData = (res.data!.importConsent as { typedData: TypedDataRequest }).typedData
    const stored = await h.run(consentSubgraph, GRANT, { viewer: pat.viewer, variables: { t: typedData, s: await signTypedData(pat.wallet, typedData) } })
    const id = (stored.data!.grantConsent as { id: string }).id
    const exported = await h.run(consentSubgraph, 'query ($id: ID!) { exportConsent(id: $id) }', { viewer: pat.viewer, variables: { id } })
    expect(exported.data!.exportConsent).toMatchObject({ resourceType: 'Consent', id, status: 'active', provision: { type: 'permit', actor: [{ reference: { reference: 'Organization/org-a' } }], purpose: [{ code: 'ETREAT' }] } })
    expect((await h.run(consentSubgraph, 'query ($id: ID!) { exportConsent(id: $id) }', { viewer: doctor, variables: { id } })).codes).toEqual(['FORBIDDEN'])
    const bad = await h.run(consentSubgraph, 'query ($f: JSON!) { importConsent(fhir: $f) { typedData } }', { viewer: pat.viewer, variables: { f: { ...fhir, provision: { ...fhir.provision, securityLabel: [{ code: 'R' }] } } } })
    expect(bad.codes).toEqual(['BAD_USER_INPUT'])
  })
})

describe('eraseRecord', () => {
  it('shreds every version, logs hashes only, and reads answer NOT_FOUND to the patient', async () => {
    const [v1] = await h.services.data!.spine.write([{ patient: pat, resource: observation(pat.id, 131) }], { actor: 'account:seed' })
    const id = v1!.recordId
    await h.services.data!.spine.write([{ patient: pat, resource: observation(pat.id, 132), recordId: id }], { actor: 'account:seed' })
    expect((await h.run(recordsSubgraph, 'mutation ($id: ID!) { eraseRecord(id: $id) { id } }', { viewer: doctor, variables: { id } })).codes).toEqual(['CONSENT_REQUIRED'])
    const res = await h.run(recordsSubgraph, 'mutation ($id: ID!) { eraseRecord(id: $id) { id versions entryIndex } }', { viewer: pat.viewer, variables: { id } })
    expect(res.errors).toBeUndefined()
    const erased = res.data!.eraseRecord as { versions: number, entryIndex: number }
    expect(erased.versions).toBe(2)
    const entry = h.services.ledger.entry(erased.entryIndex)
    expect(entry).toMatchObject({ type: 'RecordErased', recordId: id })
    // no health data: neither the LOINC code nor the measured values (as JSON numbers) of either version
    expect(JSON.stringify(entry)).not.toMatch(/8867-4|[:,[]13[12][,}\]]/)
    expect(h.services.data!.keys.binding(id, 1)).toBeUndefined()
    expect(h.services.data!.index.versions(id)).toEqual([])
    expect((await h.run(recordsSubgraph, READ, { viewer: pat.viewer, variables: { id } })).codes).toEqual(['NOT_FOUND'])
    expect((await h.run(recordsSubgraph, READ, { viewer: doctor, variables: { id } })).codes).toEqual(['CONSENT_REQUIRED'])
    expect((await h.run(recordsSubgraph, 'mutation ($id: ID!) { eraseRecord(id: $id) { id } }', { viewer: pat.viewer, variables: { id } })).codes).toEqual(['NOT_FOUND'])
    await h.services.data!.spine.reindex()
    expect(h.services.data!.index.versions(id)).toEqual([])
  })
})
