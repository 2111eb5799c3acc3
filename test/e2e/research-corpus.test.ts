// Acceptance of the research corpus, over HTTP against a started gateway with every subgraph
// in-process and an injected clock: ten Synthea patients (test/fixtures/fhir/bundles) and one made-up
// patient share after a doctor's request with an EIP-712 HRESEARCH signature; forged, replayed and expired
// signatures are refused; each share leaves a ResearchShared ledger entry that re-verifies from the ledger
// alone and rewards each record once; a researcher browses k-anonymously (a class below k is withheld and
// appears at k), aggregates and outcomes are suppressed below k, the exported NDJSON cohort holds none of the
// source data's identifiers; private sharing networks; the anonymous relay between a patient and recovered peers;
// new copies reach researchers only in release batches of at least k people (no differencing over time).
import { Wallet, recoverAddress } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FhirResource } from '../../src/core/fhir/metadata.ts'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { identityStore } from '../../src/subgraphs/identity/index.ts'
import { corpusStore } from '../../src/subgraphs/research/corpus/model.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { codes, reasons } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'
import { client, login, ok } from './consent-helpers.ts'
import type { Credential } from './consent-helpers.ts'
import { requestShare, SHARE, signedShare, slice, sourceIdentifiers, syntheaPeople } from './research-helpers.ts'
import type { Person } from './research-helpers.ts'
import { verifyOrganization } from '../support/trust.ts'

const tmp = tempDir('medledger-research-')
const clock = { t: Date.parse('2026-11-28T12:00:00Z'), now () { return this.t } }
let services: Awaited<ReturnType<typeof openServices>>
let gw: RunningServer | undefined
const gql = client(() => gw!.url)

const CATEGORIES = ['Patient', 'Condition', 'MedicationRequest', 'Observation', 'Immunization', 'Encounter']
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm'
const ISONIAZID = `${RXNORM}|197832`
const RIFAMPIN = `${RXNORM}|198202`
const sources = syntheaPeople()
const people = new Map<string, Person>()
const written = new Map<string, FhirResource[]>()
let doctor: Credential
let otherDoctor: Credential
let researcher: Credential
let tb = ''

/** A made-up patient with every kind of identifier, born 1990 (female, 30-39 in 2026, MA). */
const ZOE: FhirResource[] = [
  {
    resourceType: 'Patient', id: 'zoe-source-id', gender: 'female', birthDate: '1990-02-14',
    name: [{ family: 'Quixotic77', given: ['Zoelle42'] }],
    telecom: [{ system: 'phone', value: '555-303-1234' }, { system: 'email', value: 'zoelle.q@example.com' }, { system: 'fax', value: '555-303-9999' }],
    address: [{ line: ['12 Elmwood Street'], city: 'Lowell', state: 'MA', postalCode: '01852' }],
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: '999-55-1234' }, { system: 'urn:mrn', value: 'MRN80044417' }]
  },
  { resourceType: 'Observation', id: 'zoe-obs-1', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] }, effectiveDateTime: '2026-10-01T09:30:00Z', valueQuantity: { value: 71, unit: '/min' }, note: [{ text: 'Zoelle42 called from 555-303-1234' }] },
  // Adversarial (security review): identifiers of a relative, unknown to the patient's own resources, in
  // meta, contained resources, extensions, concept text, a local code, components and periods.
  {
    resourceType: 'Observation', id: 'zoe-obs-2', status: 'final', meta: { source: 'https://zoe.example/records' },
    contained: [{ resourceType: 'RelatedPerson', name: [{ text: 'Quentin Quixotic' }], birthDate: '1961-04-05' }],
    extension: [{ url: 'https://zoe.example/ext', valueString: 'zoe.mother@example.net' }],
    code: { text: 'typed by Quentin Quixotic', coding: [{ system: 'urn:local', code: 'zoe.mother@example.net' }, { system: 'urn:local', code: '(617) 555-0100' }, { system: 'http://loinc.org', code: '8480-6', display: 'Systolic blood pressure' }] },
    effectivePeriod: { start: '2026-10-02T09:30:00Z', end: '2026-10-02T09:31:00Z' },
    valueQuantity: { value: 120, unit: 'mm[Hg]', code: 'zoe.mother@example.net' },
    component: [{ code: { text: 'Quentin Quixotic', coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueString: '617-555-0100', valueQuantity: { value: 80, unit: 'mm[Hg]' } }]
  }
]
/** What the adversarial record plants besides the patient's own identifiers. */
const PLANTED = ['zoe.mother@example.net', 'Quentin Quixotic', '617-555-0100', '555-0100', 'zoe.example', '1961-04-05', '1961']

async function person (name: string): Promise<Person> {
  const wallet = Wallet.createRandom()
  const { bearer, accountId } = await login(gql, wallet)
  const who = { bearer }
  const id = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, who)).registerPatient.id
  return { name, wallet, who, accountId, id, recordIds: [] }
}

async function write (p: Person, fhir: FhirResource, who: Credential = p.who): Promise<string> {
  const id = (await ok<{ createRecord: { id: string } }>(gql, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', { p: p.id, f: fhir }, who)).createRecord.id
  p.recordIds.push(id)
  written.set(p.name, [...(written.get(p.name) ?? []), fhir])
  return id
}

async function share (p: Person, occupation = 'OFFICE'): Promise<{ id: string, pseudonym: string, records: number, rewarded: number, entryIndex: number }> {
  const requestId = await requestShare(gql, doctor, p, CATEGORIES)
  const { t, s } = await signedShare(gql, p, requestId, occupation)
  return (await ok<{ shareForResearch: { id: string, pseudonym: string, records: number, rewarded: number, entryIndex: number } }>(gql, SHARE, { t, s }, p.who)).shareForResearch
}

/** Tokens minted to `account` by the ledger's TokensMinted entries. */
function minted (account: string): number {
  let n = 0
  for (const { entry } of services.ledger.entries()) {
    const e = entry as { type: string, to?: string, amount?: number }
    if (e.type === 'TokensMinted' && e.to === account) n += e.amount ?? 0
  }
  return n
}

const P = (name: string): Person => people.get(name)!
const RECORDS = 'query ($f: CorpusFilter) { corpusRecords(filter: $f, first: 150) { records { pseudonym ageBand sex region occupation resourceType codes resource } withheld k hasNextPage } }'
const SUMMARY = '{ researchCorpus { sharedRecords k pendingPeople } }'
/** The summary's count of people whose copies wait for release, as `who` sees it. */
const pendingPeople = async (who: Credential): Promise<number> => (await ok<{ researchCorpus: { pendingPeople: number } }>(gql, SUMMARY, {}, who)).researchCorpus.pendingPeople
/** The release times of `p`'s shares, newest first (null: pending), from the patient's own view. */
const releaseTimes = async (p: Person): Promise<Array<string | null>> => (await ok<{ myResearchShares: Array<{ releasedAt: string | null }> }>(gql, '{ myResearchShares { releasedAt } }', {}, p.who)).myResearchShares.map((s) => s.releasedAt)
type Page = { corpusRecords: { records: Array<{ pseudonym: string, ageBand: string, sex: string, region: string, occupation: string, resourceType: string, codes: string[], resource: FhirResource }>, withheld: boolean, k: number, hasNextPage: boolean } }

beforeAll(async () => {
  services = await openServices({ dataDir: tmp.dir, ownsData: true, clock, sealIntervalMs: 50, fsync: false })
  gw = await createGateway({ services, port: 0 })
  const admin = { bearer: (await login(gql, Wallet.createRandom())).bearer }
  const org = (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation { registerOrganization(input: { name: "St Mary" }) { id } }', {}, admin)).registerOrganization.id
  verifyOrganization(services, org)
  const doctorWallet = Wallet.createRandom()
  await login(gql, doctorWallet)
  await ok(gql, 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }', { i: { address: doctorWallet.address, name: 'Dr Who', organizationId: org } }, admin)
  doctor = { bearer: (await login(gql, doctorWallet)).bearer }
  const otherWallet = Wallet.createRandom()
  await login(gql, otherWallet)
  await ok(gql, 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }', { i: { address: otherWallet.address, name: 'Dr No', organizationId: org } }, admin)
  otherDoctor = { bearer: (await login(gql, otherWallet)).bearer }
  const r = await login(gql, Wallet.createRandom())
  identityStore(services).grantRole(r.accountId, 'RESEARCHER')
  researcher = { bearer: r.bearer }

  for (const [name, resources] of sources) {
    const p = await person(name)
    people.set(name, p)
    // The hospital's doctor wrote the history; the Patient record (basic information) is the patient's own.
    for (const fhir of slice(resources)) await write(p, fhir, fhir.resourceType === 'Patient' ? p.who : doctor)
  }
  const visit: FhirResource = { resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, period: { start: '2026-11-02T09:00:00Z' } }
  const zoe = await person('Zoe')
  people.set('Zoe', zoe)
  for (const fhir of ZOE) await write(zoe, fhir)
  const firstTb = sources.get('Maryjane289')!.find((x) => x.resourceType === 'Condition')!
  const coding = (firstTb.code as { coding: Array<{ system: string, code: string }> }).coding[0]!
  tb = `${coding.system}|${coding.code}`
  // After treatment, the doctor records the course and its result.
  const medication = (code: string): FhirResource => ({ resourceType: 'MedicationRequest', status: 'completed', intent: 'order', medicationCodeableConcept: { coding: [{ system: RXNORM, code: code.split('|')[1]! }] }, authoredOn: '2025-03-01' })
  const resolved: FhirResource = { resourceType: 'Condition', clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }] }, code: firstTb.code, onsetDateTime: '2025-01-10', abatementDateTime: '2025-09-30' }
  for (const name of ['Maryjane289', 'Jani266', 'Martine382', 'Assunta351', 'Levi940']) {
    await write(P(name), medication(ISONIAZID), doctor)
    await write(P(name), resolved, doctor)
  }
  await write(P('Cyrus914'), medication(ISONIAZID), doctor)
  await write(P('Cecelia952'), medication(RIFAMPIN), doctor)
  await write(zoe, { resourceType: 'Condition', clinicalStatus: { coding: [{ code: 'active' }] }, code: firstTb.code, onsetDateTime: '2026-01-03' }, doctor)
  await write(zoe, medication(ISONIAZID), doctor)
  for (const p of people.values()) await write(p, visit, doctor)
}, 120_000)

afterAll(async () => {
  delete process.env.MEDLEDGER_RESEARCH_K
  await gw?.stop()
  await services?.close()
  tmp.cleanup()
})

describe('research corpus', () => {
  it('only a practitioner requests a share, only of the patient\'s own records', async () => {
    const ask = 'mutation ($p: ID!, $r: [ID!], $c: [String!]) { requestResearchShare(patientId: $p, recordIds: $r, categories: $c) { id } }'
    const bob = P('Bob965')
    expect(codes(await gql(ask, { p: bob.id, c: ['Condition'] }))).toEqual(['UNAUTHENTICATED'])
    expect(codes(await gql(ask, { p: bob.id, c: ['Condition'] }, P('Levi940').who))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(ask, { p: bob.id, c: ['Condition'] }, otherDoctor))).toEqual(['FORBIDDEN']) // never treated Bob
    expect(codes(await gql(ask, { p: bob.id, r: [P('Levi940').recordIds[0]] }, doctor))).toEqual(['NOT_FOUND'])
    expect(codes(await gql(ask, { p: bob.id, c: ['not a type'] }, doctor))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await gql(ask, { p: bob.id }, doctor))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await gql(ask, { p: 'nobody', c: ['Condition'] }, doctor))).toEqual(['NOT_FOUND'])
  })

  it('shares with the patient\'s HRESEARCH signature only, once per nonce; the ledger entry re-verifies; a record earns once', async () => {
    const mj = P('Maryjane289')
    const requestId = await requestShare(gql, doctor, mj, CATEGORIES)
    const seen = await ok<{ myResearchShareRequests: Array<{ id: string, status: string, categories: string[] }> }>(gql, '{ myResearchShareRequests { id status categories } }', {}, mj.who)
    expect(seen.myResearchShareRequests).toEqual([{ id: requestId, status: 'OPEN', categories: CATEGORIES }])
    expect(codes(await gql('query ($r: ID!) { researchShareToSign(requestId: $r, occupation: OFFICE) { digest } }', { r: requestId }, P('Levi940').who))).toEqual(['NOT_FOUND'])

    const subset = 'query ($r: ID!, $ids: [ID!]) { researchShareToSign(requestId: $r, occupation: OFFICE, recordIds: $ids) { typedData } }'
    expect(codes(await gql(subset, { r: requestId, ids: [P('Levi940').recordIds[0]] }, mj.who))).toEqual(['BAD_USER_INPUT'])
    const narrowed = await ok<{ researchShareToSign: { typedData: { message: { records: string[], purpose: string } } } }>(gql, subset, { r: requestId, ids: mj.recordIds.slice(0, 2) }, mj.who)
    expect(narrowed.researchShareToSign.typedData.message).toMatchObject({ records: mj.recordIds.slice(0, 2), purpose: 'HRESEARCH' })
    const forged = await signedShare(gql, mj, requestId, 'OFFICE', P('Levi940').wallet)
    expect(codes(await gql(SHARE, forged, mj.who))).toEqual(['FORBIDDEN'])
    const signed = await signedShare(gql, mj, requestId, 'OFFICE')
    expect(codes(await gql(SHARE, signed, P('Levi940').who))).toEqual(['FORBIDDEN'])
    const tampered = { t: { ...signed.t, message: { ...signed.t.message, purpose: 'TREAT' } }, s: signed.s }
    expect(codes(await gql(SHARE, tampered, mj.who))).toEqual(['BAD_USER_INPUT'])
    const r = await ok<{ shareForResearch: { id: string, pseudonym: string, records: number, rewarded: number, entryIndex: number } }>(gql, SHARE, signed, mj.who)
    const shared = r.shareForResearch
    expect(shared.records).toBe(mj.recordIds.length)
    // Every record earns once, except what the patient wrote herself (her Patient record): no farming.
    const ownRecords = mj.recordIds.filter((id) => services.data!.index.versions(id)[0]!.actor === `account:${mj.accountId}`)
    expect(ownRecords).toHaveLength(1)
    expect(shared.rewarded).toBe(10 * (mj.recordIds.length - ownRecords.length))
    expect(shared.pseudonym).toMatch(/^r-[0-9a-f]{32}$/)
    expect(reasons(await gql(SHARE, signed, mj.who))).toEqual(['CONFLICT/ALREADY_DONE'])

    // The entry holds hashes, the signature and the signer: anyone re-verifies it from the ledger alone.
    const entry = [...services.ledger.entries()].find((e) => e.index === shared.entryIndex)!.entry as Record<string, unknown>
    expect(entry).toMatchObject({ type: 'ResearchShared', shareId: shared.id, purpose: 'HRESEARCH', records: shared.records, signer: mj.wallet.address })
    expect(recoverAddress(entry.digest as string, entry.signature as string)).toBe(mj.wallet.address)
    const text = JSON.stringify(entry)
    for (const s of [mj.id, shared.pseudonym, ...mj.recordIds]) expect(text).not.toContain(s)
    expect(minted(`patient:${mj.id}`)).toBe(shared.rewarded)

    // Sharing the same records again adds nothing to the balance.
    const again = await ok<{ shareForResearch: { rewarded: number, pseudonym: string } }>(gql, SHARE, await signedShare(gql, mj, await requestShare(gql, doctor, mj, CATEGORIES), 'OFFICE'), mj.who)
    expect(again.shareForResearch).toMatchObject({ rewarded: 0, pseudonym: shared.pseudonym })
    expect(minted(`patient:${mj.id}`)).toBe(shared.rewarded)

    // A signature past its expiry is refused.
    const late = await signedShare(gql, mj, await requestShare(gql, doctor, mj, ['Condition']), 'OFFICE')
    clock.t += 601_000
    expect(codes(await gql(SHARE, late, mj.who))).toEqual(['BAD_USER_INPUT'])
    // A declined request cannot be shared.
    const declined = await requestShare(gql, doctor, mj, ['Condition'])
    await ok(gql, 'mutation ($r: ID!) { declineResearchShare(requestId: $r) { status } }', { r: declined }, mj.who)
    expect(codes(await gql('query ($r: ID!) { researchShareToSign(requestId: $r, occupation: OFFICE) { digest } }', { r: declined }, mj.who))).toEqual(['CONFLICT'])
    // declining again does nothing, and says so; declining a shared request is a plain refusal
    const DECLINE = 'mutation ($r: ID!) { declineResearchShare(requestId: $r) { status } }'
    expect(reasons(await gql(DECLINE, { r: declined }, mj.who))).toEqual(['CONFLICT/ALREADY_DONE'])
    expect(reasons(await gql(DECLINE, { r: requestId }, mj.who))).toEqual(['CONFLICT/undefined'])
  }, 60_000)

  it('withholds an equivalence class below k and shows it once it reaches k', async () => {
    for (const name of sources.keys()) if (name !== 'Maryjane289') await share(P(name))
    // Ten people shared: two release batches of k = 5 people each, nothing left pending.
    expect(await pendingPeople(researcher)).toBe(0)
    const females = async (): Promise<Page> => ok<Page>(gql, RECORDS, { f: { ageBand: '30-39', sex: 'female' } }, researcher)
    const before = await females()
    expect(before.corpusRecords).toMatchObject({ records: [], withheld: true, k: 5 })
    const zoe = await share(P('Zoe'))
    // Zoe's copies wait for a release batch of k new people. Four people already in the corpus share again: five
    // people pending, yet nothing is released, since Zoe's would be the one new pseudonym of the batch and the
    // ledger names her as its one first-time sharer. New and returning people are released in groups of k each.
    expect(await females()).toEqual(before)
    expect(await pendingPeople(P('Zoe').who)).toBe(1)
    expect(await releaseTimes(P('Zoe'))).toEqual([null])
    for (const [i, name] of ['Bob965', 'Cyrus914', 'Cecelia952', 'Jeremiah751'].entries()) {
      expect(await females()).toEqual(before)
      await share(P(name))
      expect(await pendingPeople(researcher)).toBe(i + 2)
    }
    expect(await females()).toEqual(before)
    // A fifth returning sharer releases the returning group; Zoe still waits.
    await share(P('Levi940'))
    expect(await pendingPeople(researcher)).toBe(1)
    expect(await females()).toEqual(before)
    expect(await releaseTimes(P('Zoe'))).toEqual([null])
    expect((await releaseTimes(P('Bob965')))[0]).not.toBeNull()
    // Four more new people (60-69, male, each alone in their region: withheld at any k) complete Zoe's batch.
    clock.t += 1000
    for (const [i, state] of ['TX', 'CA', 'NY', 'WA'].entries()) {
      const late = await person(`Late${i}`)
      await write(late, { resourceType: 'Patient', gender: 'male', birthDate: '1960-05-05', address: [{ state }] })
      await write(late, { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, valueQuantity: { value: 70 + i, unit: '/min' } }, doctor)
      expect(await females()).toEqual(before)
      await share(late)
    }
    expect(await pendingPeople(researcher)).toBe(0)
    const after = await females()
    expect(after.corpusRecords.withheld).toBe(false)
    expect(new Set(after.corpusRecords.records.map((r) => r.pseudonym)).size).toBe(5)
    expect(after.corpusRecords.records.some((r) => r.pseudonym === zoe.pseudonym)).toBe(true)
    const [zoeReleased] = await releaseTimes(P('Zoe'))
    expect(zoeReleased).toBe(new Date(clock.t).toISOString())

    const all = await ok<Page>(gql, RECORDS, {}, researcher)
    expect(all.corpusRecords.hasNextPage).toBe(false)
    const classes = new Map<string, Set<string>>()
    for (const r of all.corpusRecords.records) {
      const key = [r.ageBand, r.sex, r.region, r.occupation].join('/')
      classes.set(key, (classes.get(key) ?? new Set()).add(r.pseudonym))
    }
    expect([...classes.keys()]).toEqual(['30-39/female/MA/OFFICE'])
    expect(all.corpusRecords.withheld).toBe(true)
    for (const c of classes.values()) expect(c.size).toBeGreaterThanOrEqual(5)
  }, 120_000)

  it('only researchers browse; by condition, treatment and occupation; aggregates suppress cells below k', async () => {
    expect(codes(await gql(RECORDS, {}))).toEqual(['UNAUTHENTICATED'])
    expect(codes(await gql(RECORDS, {}, P('Bob965').who))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(RECORDS, {}, doctor))).toEqual(['FORBIDDEN'])
    const byTb = await ok<Page>(gql, RECORDS, { f: { condition: tb, resourceTypes: ['Condition'] } }, researcher)
    expect(new Set(byTb.corpusRecords.records.map((r) => r.pseudonym)).size).toBe(5)
    expect(byTb.corpusRecords.records.every((r) => r.resourceType === 'Condition')).toBe(true)
    const byTreatment = await ok<Page>(gql, RECORDS, { f: { treatment: ISONIAZID, occupation: 'OFFICE' } }, researcher)
    expect(new Set(byTreatment.corpusRecords.records.map((r) => r.pseudonym)).size).toBe(5)
    expect((await ok<Page>(gql, RECORDS, { f: { occupation: 'HEALTHCARE' } }, researcher)).corpusRecords.records).toEqual([])

    const agg = await ok<{ corpusAggregate: Array<{ ageBand: string, sex: string, count: number | null }> }>(gql, '{ corpusAggregate(by: [AGE_BAND, SEX]) { ageBand sex count } }', {}, researcher)
    expect(agg.corpusAggregate).toEqual([
      { ageBand: '20-29', sex: 'female', count: null },
      { ageBand: '20-29', sex: 'male', count: null },
      { ageBand: '30-39', sex: 'female', count: 5 },
      { ageBand: '30-39', sex: 'male', count: null },
      { ageBand: '40-49', sex: 'male', count: null },
      { ageBand: '60-69', sex: 'male', count: null }
    ])
    expect(codes(await gql('{ corpusAggregate(by: [SEX]) { count } }', {}, P('Bob965').who))).toEqual(['FORBIDDEN'])
  })

  it('outcomes per treatment, k-suppressed, for anyone signed in', async () => {
    const q = 'query ($c: String!) { conditionOutcomes(condition: $c) { condition k overall { persons recovered improved recoveredShare } treatments { treatment persons recovered recoveredShare } } }'
    expect(codes(await gql(q, { c: tb }))).toEqual(['UNAUTHENTICATED'])
    const o = await ok<{ conditionOutcomes: { overall: Record<string, unknown>, treatments: Array<Record<string, unknown>> } }>(gql, q, { c: tb }, P('Jeremiah751').who)
    expect(o.conditionOutcomes.overall).toEqual({ persons: 8, recovered: 5, improved: 5, recoveredShare: 5 / 8 })
    expect(o.conditionOutcomes.treatments).toEqual([
      { treatment: ISONIAZID, persons: 7, recovered: 5, recoveredShare: 5 / 7 }
    ])
    // Fewer than k people had RIFAMPIN: the treatment is not even named.
    expect(JSON.stringify(o)).not.toContain(RIFAMPIN)
  })

  it('exports a k-anonymous cohort as NDJSON that holds none of the source data\'s identifiers', async () => {
    const q = 'query ($f: CorpusFilter) { exportCohort(filter: $f) { ndjson records people withheld k } }'
    expect(codes(await gql(q, {}, P('Bob965').who))).toEqual(['FORBIDDEN'])
    const strict = await ok<{ exportCohort: { ndjson: string, records: number, people: number } }>(gql, q, {}, researcher)
    expect(strict.exportCohort.people).toBe(5)
    // A smaller k releases more of the corpus, so the scan covers more people.
    process.env.MEDLEDGER_RESEARCH_K = '2'
    const wide = await ok<{ exportCohort: { ndjson: string, records: number, people: number, k: number } }>(gql, q, {}, researcher)
    delete process.env.MEDLEDGER_RESEARCH_K
    expect(wide.exportCohort).toMatchObject({ k: 2, people: 8 })
    const lines = wide.exportCohort.ndjson.trimEnd().split('\n').map((l) => JSON.parse(l) as { pseudonym: string, ageBand: string, resource: FhirResource })
    expect(lines).toHaveLength(wide.exportCohort.records)
    for (const l of lines) expect(l.resource.subject).toEqual({ reference: `Patient/${l.pseudonym}` })

    const text = wide.exportCohort.ndjson + strict.exportCohort.ndjson
    const forbidden = new Set<string>()
    for (const resources of [...sources.values(), ZOE]) for (const s of sourceIdentifiers(resources)) forbidden.add(s)
    for (const p of people.values()) for (const s of [p.id, p.accountId, p.wallet.address, ...p.recordIds]) forbidden.add(s)
    for (const s of PLANTED) forbidden.add(s)
    // Zoe's adversarial record is in the scanned export (its systolic reading survives, nothing else of it).
    expect(text).toContain('8480-6')
    expect(forbidden.size).toBeGreaterThan(500)
    const found = [...forbidden].filter((s) => text.toLowerCase().includes(s.toLowerCase()))
    expect(found).toEqual([])
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/)
    expect(text).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/)
  })

  it('private sharing networks: the doctor invites, matching patients opt in, members see de-identified summaries', async () => {
    const create = 'mutation ($i: SharingNetworkInput!) { createSharingNetwork(input: $i) { id } }'
    const input = { name: 'TB recovery, 30s', condition: tb, ageBand: '30-39' }
    expect(codes(await gql(create, { i: input }, P('Bob965').who))).toEqual(['FORBIDDEN'])
    const id = (await ok<{ createSharingNetwork: { id: string } }>(gql, create, { i: input }, doctor)).createSharingNetwork.id
    const invite = 'mutation ($n: ID!, $p: ID!) { inviteToSharingNetwork(networkId: $n, patientId: $p) { id } }'
    for (const name of ['Maryjane289', 'Jani266', 'Cecelia952', 'Jeremiah751']) await ok(gql, invite, { n: id, p: P(name).id }, doctor)
    expect(codes(await gql(invite, { n: id, p: P('Levi940').id }, P('Jani266').who))).toEqual(['FORBIDDEN'])
    // A doctor invites only patients they treated; an untreated and an unknown patient read alike.
    const otherNet = (await ok<{ createSharingNetwork: { id: string } }>(gql, create, { i: input }, otherDoctor)).createSharingNetwork.id
    expect(codes(await gql(invite, { n: otherNet, p: P('Levi940').id }, otherDoctor))).toEqual(['NOT_FOUND'])
    expect(codes(await gql(invite, { n: otherNet, p: 'nobody' }, otherDoctor))).toEqual(['NOT_FOUND'])
    const join = 'mutation ($n: ID!) { joinSharingNetwork(networkId: $n) { membership } }'
    expect((await ok<{ joinSharingNetwork: { membership: string } }>(gql, join, { n: id }, P('Maryjane289').who)).joinSharingNetwork.membership).toBe('MEMBER')
    await ok(gql, join, { n: id }, P('Jani266').who)
    expect(codes(await gql(join, { n: id }, P('Cecelia952').who))).toEqual(['FORBIDDEN']) // 20-29
    expect(codes(await gql(join, { n: id }, P('Jeremiah751').who))).toEqual(['FORBIDDEN']) // no TB shared
    expect(codes(await gql(join, { n: id }, P('Levi940').who))).toEqual(['NOT_FOUND']) // not invited
    // joining twice, inviting twice, and leaving a network one is only invited to change nothing, and say so
    expect(reasons(await gql(join, { n: id }, P('Maryjane289').who))).toEqual(['CONFLICT/ALREADY_DONE'])
    expect(reasons(await gql(invite, { n: id, p: P('Jani266').id }, doctor))).toEqual(['CONFLICT/ALREADY_DONE'])
    expect(reasons(await gql('mutation ($n: ID!) { leaveSharingNetwork(networkId: $n) }', { n: id }, P('Cecelia952').who))).toEqual(['CONFLICT/ALREADY_DONE'])

    const view = '{ sharingNetworks { id membership members { pseudonym ageBand sex conditions records } } }'
    const seen = await gql(view, {}, P('Maryjane289').who)
    expect(seen.body.errors).toBeUndefined()
    const nets = seen.body.data!.sharingNetworks as Array<{ id: string, members: Array<{ pseudonym: string, ageBand: string, sex: string, conditions: string[] }> }>
    expect(nets).toHaveLength(1)
    expect(nets[0]!.members).toHaveLength(2)
    for (const m of nets[0]!.members) expect(m).toMatchObject({ ageBand: '30-39', sex: 'female' })
    expect(nets[0]!.members.every((m) => m.conditions.includes(tb))).toBe(true)
    const body = JSON.stringify(seen.body)
    for (const name of ['Maryjane289', 'Jani266']) for (const s of [P(name).id, P(name).accountId, ...P(name).recordIds]) expect(body).not.toContain(s)
    // Members appear under a per-network alias: the doctor, who knows whom they invited, cannot follow them
    // into the corpus by pseudonym.
    for (const name of ['Maryjane289', 'Jani266']) {
      const pseudonym = corpusStore({ services }).pseudonymOf(P(name).id)
      expect(pseudonym).toMatch(/^r-/)
      expect(body).not.toContain(pseudonym)
    }
    for (const m of nets[0]!.members) expect(m.pseudonym).toMatch(/^n-[0-9a-f]{32}$/)
    expect(codes(await gql('{ sharingNetworks { members { pseudonym } } }', {}, P('Cecelia952').who))).toEqual(['FORBIDDEN'])
    expect((await ok<{ sharingNetworks: unknown[] }>(gql, '{ sharingNetworks { id } }', {}, P('Levi940').who)).sharingNetworks).toEqual([])
    expect((await ok<{ sharingNetworks: Array<{ members: unknown[] }> }>(gql, '{ sharingNetworks { members { pseudonym } } }', {}, doctor)).sharingNetworks[0]!.members).toHaveLength(2)
  })

  it('a patient writes to recovered peers who opted in through a relay that reveals no identity', async () => {
    const handle = async (p: Person): Promise<string> => (await ok<{ myRelayHandle: string }>(gql, '{ myRelayHandle }', {}, p.who)).myRelayHandle
    const optIn = 'mutation ($o: Boolean!) { setPeerContact(optIn: $o) }'
    await ok(gql, optIn, { o: true }, P('Maryjane289').who)
    await ok(gql, optIn, { o: true }, P('Jani266').who)
    expect(codes(await gql(optIn, { o: true }, doctor))).toEqual(['FORBIDDEN'])
    const asker = P('Jeremiah751')
    const peersOf = async (c: string): Promise<string[]> => (await ok<{ recoveredPeers: string[] }>(gql, 'query ($c: String!) { recoveredPeers(condition: $c) }', { c }, asker.who)).recoveredPeers
    const peers = await peersOf(tb)
    // Two peers, each under an alias for this condition: never their handle, which every correspondent
    // learns and could otherwise look for in the peer lists of other conditions.
    expect(peers).toHaveLength(2)
    const handles = [await handle(P('Maryjane289')), await handle(P('Jani266'))]
    for (const p of peers) expect(handles).not.toContain(p)
    expect(await peersOf(tb)).toEqual(peers)
    const bare = await peersOf(tb.split('|')[1]!)
    expect(bare).toHaveLength(2)
    for (const p of bare) expect(peers).not.toContain(p)
    expect((await ok<{ recoveredPeers: string[] }>(gql, 'query ($c: String!) { recoveredPeers(condition: $c) }', { c: RIFAMPIN }, asker.who)).recoveredPeers).toEqual([])

    const send = 'mutation ($to: String!, $b: String!) { sendRelayMessage(to: $to, body: $b) { id from to } }'
    expect(codes(await gql(send, { to: await handle(P('Levi940')), b: 'hello' }, asker.who))).toEqual(['NOT_FOUND']) // not opted in
    expect(codes(await gql(send, { to: 'h-000000000000000000000000', b: 'hello' }, asker.who))).toEqual(['NOT_FOUND'])
    expect(codes(await gql(send, { to: peers[0], b: 'hello' }))).toEqual(['UNAUTHENTICATED'])
    expect(codes(await gql(send, { to: peers[0], b: ' ' }, asker.who))).toEqual(['BAD_USER_INPUT'])
    const mine = await handle(asker)
    const sent = await ok<{ sendRelayMessage: { from: string, to: string } }>(gql, send, { to: peers[0], b: 'How did your treatment go?' }, asker.who)
    expect(sent.sendRelayMessage).toMatchObject({ from: mine, to: peers[0] })

    const inbox = '{ relayInbox { from to body } }'
    const inboxOf = async (p: Person): Promise<unknown[]> => (await ok<{ relayInbox: unknown[] }>(gql, inbox, {}, p.who)).relayInbox
    const recipient = (await inboxOf(P('Maryjane289'))).length > 0 ? P('Maryjane289') : P('Jani266')
    expect(await inboxOf(recipient === P('Jani266') ? P('Maryjane289') : P('Jani266'))).toEqual([])
    const got = await gql(inbox, {}, recipient.who)
    expect(got.body.data).toEqual({ relayInbox: [{ from: mine, to: peers[0], body: 'How did your treatment go?' }] })
    expect(codes(await gql(send, { to: mine, b: 'unsolicited' }, P('Levi940').who))).toEqual(['NOT_FOUND'])
    await ok(gql, send, { to: mine, b: 'Isoniazid for six months; fully recovered.' }, recipient.who)
    const back = await gql(inbox, {}, asker.who)
    expect((back.body.data!.relayInbox as Array<{ body: string }>).map((m) => m.body)).toEqual(['How did your treatment go?', 'Isoniazid for six months; fully recovered.'])
    const texts = JSON.stringify(got.body) + JSON.stringify(back.body)
    for (const p of [asker, recipient]) for (const s of [p.id, p.accountId, p.wallet.address]) expect(texts).not.toContain(s)
  })

  it('releases new copies to researchers only in batches of at least k people, so a before/after diff names no sharer', async () => {
    // k = 2 for this test (shares and reads alike); four new people of the corpus's largest class (30-39, female,
    // MA, office), so that without batches each one's copies would show the moment they share.
    process.env.MEDLEDGER_RESEARCH_K = '2'
    try {
      const fresh: Person[] = []
      for (const name of ['Una', 'Vera', 'Wren', 'Xena']) {
        const p = await person(name)
        await write(p, { resourceType: 'Patient', gender: 'female', birthDate: '1991-03-03', address: [{ state: 'MA' }] })
        await write(p, { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, valueQuantity: { value: 60 + fresh.length, unit: '/min' } }, doctor)
        fresh.push(p)
      }
      const [una, vera, wren, xena] = fresh as [Person, Person, Person, Person]
      const corpus = async (): Promise<{ ndjson: string, records: number, people: number }> => (await ok<{ exportCohort: { ndjson: string, records: number, people: number } }>(gql, '{ exportCohort { ndjson records people } }', {}, researcher)).exportCohort
      const start = await corpus()
      expect(await pendingPeople(researcher)).toBe(0)

      // One share: no change for the researcher; the summary and the patient's own share say it is pending.
      const u = await share(una)
      expect(await corpus()).toEqual(start)
      expect(await pendingPeople(researcher)).toBe(1)
      expect(await pendingPeople(una.who)).toBe(1)
      expect(await releaseTimes(una)).toEqual([null])

      // The k-th person: both appear at one instant, with the same release time.
      clock.t += 1000
      const v = await share(vera)
      const released = await corpus()
      expect(await pendingPeople(researcher)).toBe(0)
      expect(released.people).toBe(start.people + 2)
      expect(released.records).toBe(start.records + u.records + v.records)
      for (const s of [u, v]) {
        expect(start.ndjson).not.toContain(s.pseudonym)
        expect(released.ndjson).toContain(s.pseudonym)
      }
      const at = new Date(clock.t).toISOString()
      expect(await releaseTimes(una)).toEqual([at])
      expect(await releaseTimes(vera)).toEqual([at])

      // A released person shares a new record: pending too, the corpus unchanged until k distinct people are pending.
      await write(una, { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, valueQuantity: { value: 99, unit: '/min' } }, doctor)
      clock.t += 1000
      const again = await share(una)
      expect(again.pseudonym).toBe(u.pseudonym)
      expect(await corpus()).toEqual(released)
      expect(await pendingPeople(researcher)).toBe(1)
      expect(await releaseTimes(una)).toEqual([null, at])
      clock.t += 1000
      const w = await share(wren)
      // One returning and one new sharer: k people pending, yet the lone new pseudonym would be the lone
      // first-time signer (and Una's update the lone returning one): nothing is released.
      expect(await corpus()).toEqual(released)
      expect(await pendingPeople(researcher)).toBe(2)
      // A second returning sharer releases both updates; Wren still waits for a second new person.
      clock.t += 1000
      await share(vera)
      const updated = await corpus()
      expect(await pendingPeople(researcher)).toBe(1)
      expect(updated.people).toBe(released.people)
      expect(updated.records).toBe(released.records + 1) // Una's new record (the old ones replaced by equal copies)
      expect(updated.ndjson).not.toContain(w.pseudonym)
      const at2 = new Date(clock.t).toISOString()
      expect(await releaseTimes(una)).toEqual([at2, at])
      expect(await releaseTimes(wren)).toEqual([null])
      clock.t += 1000
      const x = await share(xena)
      const last = await corpus()
      expect(await pendingPeople(researcher)).toBe(0)
      expect(last.people).toBe(released.people + 2)
      for (const s of [w, x]) expect(last.ndjson).toContain(s.pseudonym)
      expect(last.records).toBe(updated.records + w.records + x.records)
      const at3 = new Date(clock.t).toISOString()
      expect(await releaseTimes(wren)).toEqual([at3])
      expect(await releaseTimes(xena)).toEqual([at3])
      expect(await releaseTimes(una)).toEqual([at2, at])
      expect(codes(await gql('{ myResearchShares { releasedAt } }', {}, researcher))).toEqual(['FORBIDDEN'])
    } finally {
      delete process.env.MEDLEDGER_RESEARCH_K
    }
  }, 60_000)
})
