// Acceptance of the personal health database's clinical views, over HTTP against a started
// gateway with every subgraph in-process, on Synthea data (test/support/synthea-clinical.ts) grown to 1,000
// records with Synthea-shaped blood pressure panels: basic information with its per-field policy, typed
// views, timeline and snapshot, contraindications in one query with counted index queries, self-reports and
// treatment records — each with its negatives (another patient, a doctor with no relation, an admin of
// another hospital).
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FhirResource } from '../../src/core/fhir/metadata.ts'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { patientKey } from '../../src/subgraphs/records/patient-keys.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { codes } from '../gateway/helpers.ts'
import type { GraphQLReply } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'
import { bloodPressure, syntheaClinicalPatient } from '../support/synthea-clinical.ts'
import { client, login, ok, signedGrant } from './consent-helpers.ts'
import type { Credential } from './consent-helpers.ts'
import { verifyOrganization } from '../support/trust.ts'

const tmp = tempDir('medledger-health-records-')
const clock = { t: Date.now(), now () { return this.t } }
let services: Awaited<ReturnType<typeof openServices>>
let gw: RunningServer | undefined
const gql = client(() => gw!.url)

const patient = { wallet: Wallet.createRandom(), who: undefined as Credential, id: '' }
const other = { who: undefined as Credential, id: '' }
const who: Record<'doctor' | 'strangerDoctor' | 'admin' | 'otherAdmin', Credential> = { doctor: undefined, strangerDoctor: undefined, admin: undefined, otherAdmin: undefined }
let practitionerId = ''
const RECORDS = 1000
/** Blood pressure panels written on top of the Synthea records, one a week from 2012 on. */
let bpCount = 0

async function registerPractitioner (adminWho: Credential, organizationId: string, name: string): Promise<{ who: Credential, id: string }> {
  const wallet = Wallet.createRandom()
  const signedIn = await login(gql, wallet)
  const r = await ok<{ registerPractitioner: { id: string } }>(gql, 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }',
    { i: { address: wallet.address, name, organizationId } }, adminWho)
  return { who: { bearer: signedIn.bearer }, id: r.registerPractitioner.id }
}

async function registerOrganization (name: string): Promise<{ who: Credential, id: string }> {
  const admin = { bearer: (await login(gql, Wallet.createRandom())).bearer }
  const org = await ok<{ registerOrganization: { id: string } }>(gql, 'mutation ($n: String!) { registerOrganization(input: { name: $n }) { id } }', { n: name }, admin)
  verifyOrganization(services, org.registerOrganization.id)
  return { who: admin, id: org.registerOrganization.id }
}

beforeAll(async () => {
  services = await openServices({ dataDir: tmp.dir, ownsData: true, clock, sealIntervalMs: 50, fsync: false })
  gw = await createGateway({ services, port: 0 })
  patient.who = { bearer: (await login(gql, patient.wallet)).bearer }
  patient.id = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, patient.who)).registerPatient.id
  other.who = { bearer: (await login(gql, Wallet.createRandom())).bearer }
  other.id = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, other.who)).registerPatient.id
  const hospital = await registerOrganization('General Hospital')
  who.admin = hospital.who
  const doctor = await registerPractitioner(hospital.who, hospital.id, 'Dr Treating')
  who.doctor = doctor.who
  practitionerId = doctor.id
  const elsewhere = await registerOrganization('Other Hospital')
  who.otherAdmin = elsewhere.who
  who.strangerDoctor = (await registerPractitioner(elsewhere.who, elsewhere.id, 'Dr Stranger')).who

  // The hospital's import: the Synthea patient's 305 records plus weekly blood pressure panels up to 1,000.
  const synthea = syntheaClinicalPatient()
  const resources: FhirResource[] = [...synthea]
  const start = Date.parse('2012-01-02T09:00:00Z')
  for (let i = 0; resources.length < RECORDS; i++) {
    resources.push(bloodPressure(patient.id, new Date(start + i * 7 * 86_400_000).toISOString(), 110 + (i % 40), 70 + (i % 20)))
    bpCount++
  }
  const key = patientKey(services, patient.id)
  await services.data!.spine.write(resources.map((resource) => ({ patient: key, resource })), { actor: 'apikey:import-test' })
  // The patient lets the treating doctor read everything for TREAT.
  await signedGrant(gql, patient, { type: 'PERMIT', actors: [{ kind: 'PRACTITIONER', id: practitionerId }], purposes: ['TREAT'] })
})

afterAll(async () => {
  await gw?.stop()
  await services?.close()
  tmp.cleanup()
})

/**
 * The callers who must get nothing of the patient's records, with the typed error each gets: identity lets
 * only practitioners and hospital admins look a patient up (another patient: FORBIDDEN); the others reach the
 * clinical resolvers and find no consent grant (CONSENT_REQUIRED, logged).
 */
const outsiders = (): Array<[string, Credential, string]> => [
  ['another patient', other.who, 'FORBIDDEN'], ['a doctor with no relation', who.strangerDoctor, 'CONSENT_REQUIRED'],
  ['an admin of another hospital', who.otherAdmin, 'CONSENT_REQUIRED'], ['the treating hospital’s admin (no grant)', who.admin, 'CONSENT_REQUIRED']
]

function expectNothing (r: GraphQLReply, code = 'CONSENT_REQUIRED'): void {
  expect(codes(r)).toEqual([code])
  const p = r.body.data?.patient as Record<string, unknown> | null | undefined
  expect(p === null || p === undefined || Object.values(p).every((v) => v === null)).toBe(true)
  expect(JSON.stringify(r.body)).not.toMatch(/Osteoporosis|Simvastatin|mm\[Hg\]|Hangzhou|Sulfamethoxazole/)
}

describe('basic information', () => {
  const Q = `query ($p: ID!, $purpose: PurposeOfUse) { patient(id: $p) { basicInfo(purpose: $purpose) {
    recordId version visibleFields identifiers { system value type } name { text family given } sex birthDate ethnicity { code display } nativePlace { city country } address { city line } } } }`
  type Info = { recordId: string, version: number, visibleFields: string[], name: { family: string } | null, sex: string | null, birthDate: string | null, ethnicity: { display: string } | null, nativePlace: { city: string } | null, address: { city: string } | null, identifiers: unknown[] | null }

  it('the patient reads every field of the imported Patient record, sets new values (a new version) and reads them back', async () => {
    const before = (await ok<{ patient: { basicInfo: Info } }>(gql, Q, { p: patient.id }, patient.who)).patient.basicInfo
    expect(before).toMatchObject({ version: 1, sex: 'female', ethnicity: { display: 'Not Hispanic or Latino' } })
    expect(before.visibleFields).toHaveLength(7)
    expect(before.identifiers!.length).toBeGreaterThan(0)
    const set = await ok<{ setBasicInfo: Info }>(gql, `mutation ($i: BasicInfoInput!) { setBasicInfo(input: $i) { recordId version nativePlace { city country } address { city line } ethnicity { display } name { family } } }`,
      { i: { ethnicity: 'Han', nativePlace: { city: 'Hangzhou', country: 'CN' }, address: { line: ['1 Lake Road'], city: 'Beijing', country: 'CN' } } }, patient.who)
    expect(set.setBasicInfo).toMatchObject({ recordId: before.recordId, version: 2, nativePlace: { city: 'Hangzhou', country: 'CN' }, address: { city: 'Beijing' }, ethnicity: { display: 'Han' }, name: { family: before.name!.family } })
    const history = await ok<{ record: { history: Array<{ version: number }> } }>(gql, 'query ($id: ID!) { record(id: $id) { history { version } } }', { id: before.recordId }, patient.who)
    expect(history.record.history.map((h) => h.version)).toEqual([1, 2])
    // the body is encrypted in IPFS, not readable from the bytes
    const row = services.data!.index.record(before.recordId)!
    const { CID } = await import('multiformats/cid')
    const bytes = await services.data!.bodies.get(CID.parse(row.cid))
    expect(Buffer.from(bytes).toString('latin1')).not.toContain('Hangzhou')
  })

  it('validates the input (BAD_USER_INPUT) and lets only a patient set it (FORBIDDEN)', async () => {
    expect(codes(await gql('mutation { setBasicInfo(input: { sex: "M" }) { version } }', {}, patient.who))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await gql('mutation { setBasicInfo(input: { birthDate: "2999-01-01" }) { version } }', {}, patient.who))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await gql('mutation { setBasicInfo(input: { sex: "male" }) { version } }', {}, who.doctor))).toEqual(['FORBIDDEN'])
    expect(codes(await gql('mutation { setBasicInfo(input: { sex: "male" }) { version } }', {}))).toEqual(['UNAUTHENTICATED'])
  })

  it('the treating doctor sees the TREAT fields; address and native place are null, with no error', async () => {
    const r = await gql(Q, { p: patient.id }, who.doctor)
    const info = (r.body.data!.patient as { basicInfo: Info }).basicInfo
    expect(info).toMatchObject({ sex: 'female', ethnicity: { display: 'Han' }, nativePlace: null, address: null })
    expect(info.name?.family).toBeTypeOf('string')
    expect(info.visibleFields).toEqual(['IDENTIFIERS', 'NAME', 'SEX', 'BIRTH_DATE', 'ETHNICITY'])
    // no error beside the data (Apollo Client's default error policy would drop the whole result): visibleFields says why
    expect(r.body.errors).toBeUndefined()
    expect(info.visibleFields).not.toContain('ADDRESS')
    expect(JSON.stringify(r.body)).not.toMatch(/Hangzhou|Beijing|Lake Road/)
  })

  it('for research (a grant for HRESEARCH) only sex and ethnicity; without a grant for the purpose, nothing', async () => {
    expectNothing(await gql(Q, { p: patient.id, purpose: 'HRESEARCH' }, who.doctor))
    const grant = await signedGrant(gql, patient, { type: 'PERMIT', actors: [{ kind: 'PRACTITIONER', id: practitionerId }], purposes: ['HRESEARCH'], resourceTypes: ['Patient'] })
    expect(grant).toBeTypeOf('string')
    const r = await gql(Q, { p: patient.id, purpose: 'HRESEARCH' }, who.doctor)
    const info = (r.body.data!.patient as { basicInfo: Info }).basicInfo
    expect(info).toMatchObject({ sex: 'female', ethnicity: { display: 'Han' }, name: null, birthDate: null, address: null, identifiers: null })
    expect(r.body.errors).toBeUndefined()
    expect(info.visibleFields).toEqual(['SEX', 'ETHNICITY'])
    expect(JSON.stringify(r.body)).not.toMatch(/Beijing|Hangzhou/)
  })

  it('another patient, a doctor with no relation and an admin of another hospital get nothing', async () => {
    for (const [, caller, code] of outsiders()) expectNothing(await gql(Q, { p: patient.id }, caller), code)
  })

  it('no generic path (record, records, history, clinical) shows a grantee the Patient record beyond basicInfo (review fix)', async () => {
    const mine = (await ok<{ patient: { basicInfo: Info } }>(gql, Q, { p: patient.id }, patient.who)).patient.basicInfo
    expect(mine.birthDate).toMatch(/^\d{4}/)
    const R = `query ($id: ID!, $p: ID!, $purpose: PurposeOfUse) {
      record(id: $id, purpose: $purpose) { effective fhir clinical { date fhir } history(purpose: $purpose) { effective fhir } }
      patient(id: $p) { records(resourceType: "Patient", purpose: $purpose) { edges { node { effective fhir clinical { date } } } } } }`
    for (const purpose of ['TREAT', 'HRESEARCH']) {
      const r = await ok<{ record: { effective: string | null, fhir: Record<string, unknown>, clinical: { date: string | null, fhir: unknown } } }>(gql, R, { id: mine.recordId, p: patient.id, purpose }, who.doctor)
      expect(r.record).toMatchObject({ effective: null, fhir: { resourceType: 'Patient' }, clinical: { date: null } })
      const text = JSON.stringify(r)
      expect(text).not.toMatch(/Hangzhou|Beijing|Lake Road/)
      expect(text).not.toContain(mine.birthDate!)
      expect(text).not.toContain(mine.name!.family)
    }
    // nor may anyone but the patient write their basic information, through the generic mutations either
    for (const caller of [who.doctor, who.strangerDoctor]) {
      expect(codes(await gql('mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', { p: patient.id, f: { resourceType: 'Patient', gender: 'male', name: [{ family: 'Impostor' }] } }, caller))).toEqual(['BAD_USER_INPUT'])
      expect(codes(await gql('mutation ($id: ID!, $f: JSON!) { amendRecord(id: $id, fhir: $f) { id } }', { id: mine.recordId, f: { resourceType: 'Observation', status: 'final' } }, caller))).toEqual(['FORBIDDEN'])
    }
    expect((await ok<{ patient: { basicInfo: Info } }>(gql, Q, { p: patient.id }, patient.who)).patient.basicInfo).toMatchObject({ recordId: mine.recordId, version: mine.version, name: { family: mine.name!.family } })
    // the patient still reads the whole record
    const own = await ok<{ record: { fhir: { address: unknown[] }, effective: string } }>(gql, 'query ($id: ID!) { record(id: $id) { effective fhir } }', { id: mine.recordId }, patient.who)
    expect(own.record.effective).toBe(mine.birthDate)
    expect(JSON.stringify(own.record.fhir)).toContain('Beijing')
  })
})

const TIMELINE = `query ($p: ID!, $codes: [String!], $from: DateTime, $to: DateTime, $n: Int = 500) { patient(id: $p) {
  timeline(kind: OBSERVATION, codes: $codes, from: $from, to: $to, first: $n) { id version date code { code display } fhir
    ... on ObservationRecord { effective categories { code } components { code { code display } quantity { value unit } } } } } }`

describe('typed views and the vertical view (timeline)', () => {
  type Obs = { id: string, date: string, code: { code: string }, components: Array<{ code: { code: string }, quantity: { value: number, unit: string } }>, fhir: { resourceType: string } }

  it('lists systolic blood pressure over time, oldest first, with values and units, bounded by dates', async () => {
    const all = (await ok<{ patient: { timeline: Obs[] } }>(gql, TIMELINE, { p: patient.id, codes: ['8480-6'] }, who.doctor)).patient.timeline
    expect(all).toHaveLength(Math.min(500, bpCount))
    const dates = all.map((o) => Date.parse(o.date))
    expect([...dates].sort((a, b) => a - b)).toEqual(dates)
    const systolic = all[0]!.components.find((c) => c.code.code === '8480-6')!
    expect(systolic.quantity.unit).toBe('mm[Hg]')
    expect(all[0]!.fhir.resourceType).toBe('Observation')
    const year = (await ok<{ patient: { timeline: Obs[] } }>(gql, TIMELINE, { p: patient.id, codes: ['http://loinc.org|8480-6'], from: '2020-01-01T00:00:00Z', to: '2020-12-31T23:59:59Z' }, who.doctor)).patient.timeline
    expect(year.length).toBeGreaterThanOrEqual(52)
    expect(year.length).toBeLessThanOrEqual(53)
    expect(year.every((o) => o.date.startsWith('2020'))).toBe(true)
    expect(codes(await gql(TIMELINE, { p: patient.id, from: '2021-01-01T00:00:00Z', to: '2020-01-01T00:00:00Z' }, who.doctor))).toEqual(['BAD_USER_INPUT'])
  })

  it('shows encounters across departments with class, period, department and hospital, and typed medication dosage', async () => {
    const r = await ok<{ patient: { timeline: Array<{ class: { code: string }, period: { start: string }, department: string, hospital: string, types: Array<{ display: string }> }>, meds: Array<{ medication: { display: string }, status: string, dosage: Array<{ perDay: number | null, dose: { value: number } | null }> }> } }>(gql,
      `query ($p: ID!, $n: Int = 500) { patient(id: $p) {
        timeline(kind: ENCOUNTER, first: $n) { ... on EncounterRecord { class { code } period { start end } department hospital types { display } status } }
        meds: timeline(kind: MEDICATION, codes: ["314231"]) { status ... on MedicationRecord { medication { display } dosage { perDay dose { value } frequency periodUnit } } } } }`, { p: patient.id }, who.doctor)
    expect(r.patient.timeline).toHaveLength(83)
    expect(new Set(r.patient.timeline.map((e) => e.department)).size).toBeGreaterThan(1)
    expect(r.patient.timeline.every((e) => typeof e.hospital === 'string' && typeof e.period.start === 'string')).toBe(true)
    expect(r.patient.meds.at(-1)).toMatchObject({ medication: { display: 'Simvastatin 10 MG Oral Tablet' }, status: 'active', dosage: [{ perDay: 1, dose: { value: 1 } }] })
  })

  it('gives any record its typed view through HealthRecord.clinical', async () => {
    const r = await ok<{ patient: { records: { edges: Array<{ node: { resourceType: string, clinical: { __typename: string, resourceType: string } } }> } } }>(gql,
      'query ($p: ID!, $n: Int = 100) { patient(id: $p) { records(first: $n, resourceType: "AllergyIntolerance") { edges { node { resourceType clinical { __typename resourceType ... on AllergyRecord { criticality categories } } } } } } }', { p: patient.id }, who.doctor)
    expect(r.patient.records.edges.map((e) => e.node.clinical.__typename)).toEqual(['AllergyRecord', 'AllergyRecord', 'AllergyRecord'])
  })

  it('the patient reads the ledger entry anchoring their record (ledgerEntry); others may not', async () => {
    const r = await ok<{ patient: { records: { edges: Array<{ node: { id: string, anchor: { entryIndex: number } } }> } } }>(gql,
      'query ($p: ID!) { patient(id: $p) { records(first: 1, resourceType: "AllergyIntolerance") { edges { node { id anchor { entryIndex } } } } } }', { p: patient.id }, patient.who)
    const { id, anchor } = r.patient.records.edges[0]!.node
    const ENTRY = 'query ($i: Int!) { ledgerEntry(index: $i) { type status entry } }'
    const e = (await ok<{ ledgerEntry: { type: string, status: string, entry: { recordId: string } } }>(gql, ENTRY, { i: anchor.entryIndex }, patient.who)).ledgerEntry
    expect(e).toMatchObject({ type: 'RecordAnchored', entry: { recordId: id } })
    expect(['PENDING', 'SEALED']).toContain(e.status)
    for (const [, caller] of outsiders()) expect(codes(await gql(ENTRY, { i: anchor.entryIndex }, caller))).toEqual(['FORBIDDEN'])
  })

  it('another patient, a doctor with no relation and an admin of another hospital get nothing', async () => {
    for (const [, caller, code] of outsiders()) expectNothing(await gql(TIMELINE, { p: patient.id, codes: ['8480-6'] }, caller), code)
    // the treating doctor, for a purpose no grant covers
    expectNothing(await gql(TIMELINE.replace('first: $n', 'first: $n, purpose: HPAYMT'), { p: patient.id, n: 10 }, who.doctor))
  })
})

const SNAPSHOT = `query ($p: ID!, $at: DateTime) { patient(id: $p) { snapshot(at: $at) { at
  activeConditions { code { display } onset }
  allergies { code { display } criticality }
  currentMedications { medication { code display } status }
  latestObservations { code { code } date components { code { code } quantity { value unit } } }
  openEncounters { id } } } }`

describe('the horizontal view (snapshot)', () => {
  type Snap = { activeConditions: Array<{ code: { display: string } }>, allergies: unknown[], currentMedications: Array<{ medication: { code: string } }>, latestObservations: Array<{ code: { code: string }, date: string }>, openEncounters: unknown[] }
  const snap = async (at: string, caller: Credential = who.doctor): Promise<Snap> => (await ok<{ patient: { snapshot: Snap } }>(gql, SNAPSHOT, { p: patient.id, at }, caller)).patient.snapshot

  it('shows what held at a moment: the fracture in late 2018, gone in 2024; current medication; the latest result per code', async () => {
    const in2018 = await snap('2018-12-01T00:00:00Z')
    const in2024 = await snap('2024-01-01T00:00:00Z', patient.who)
    const names = (s: Snap): string[] => s.activeConditions.map((c) => c.code.display)
    expect(names(in2018)).toContain('Fracture of forearm')
    expect(names(in2024)).not.toContain('Fracture of forearm')
    expect(names(in2024)).toEqual(expect.arrayContaining(['Osteoporosis (disorder)', 'Hyperlipidemia', 'Prediabetes']))
    expect(in2024.currentMedications.map((m) => m.medication.code).sort()).toEqual(['310325', '314231', '904419'])
    expect(in2024.allergies).toHaveLength(3)
    const bp = in2024.latestObservations.filter((o) => o.code.code === '85354-9')
    expect(bp).toHaveLength(1)
    expect(Date.parse(bp[0]!.date)).toBeLessThanOrEqual(Date.parse('2024-01-01T00:00:00Z'))
    expect(Date.parse(bp[0]!.date)).toBeGreaterThan(Date.parse('2023-12-24T00:00:00Z'))
    expect(in2024.openEncounters).toEqual([])
  })

  it('another patient, a doctor with no relation and an admin of another hospital get nothing', async () => {
    for (const [, caller, code] of outsiders()) expectNothing(await gql(SNAPSHOT, { p: patient.id, at: '2024-01-01T00:00:00Z' }, caller), code)
  })
})

const CONTRA = `query ($p: ID!) { patient(id: $p) { contraindications {
  allergies { id code { system code display } criticality type categories reactions { manifestations { display } } }
  drugContraindications { drugClass { id atc display } severity note source condition { code { code display } } conflictingMedications { id medication { display } } }
  allergyConflicts { allergy { code { display } } drugClass { id } conflictingMedications { id } }
  interactions { severity note medications { medication { code display } } }
  currentMedications { id medication { code display } dosage { perDay } } } } }`

type Contra = {
  allergies: Array<{ code: { display: string }, criticality: string }>
  drugContraindications: Array<{ drugClass: { id: string, atc: string }, severity: string, condition: { code: { code: string } }, conflictingMedications: Array<{ medication: { display: string } }> }>
  allergyConflicts: Array<{ drugClass: { id: string } | null }>
  interactions: Array<{ severity: string, medications: Array<{ medication: { code: string } }> }>
  currentMedications: Array<{ medication: { code: string } }>
}

describe('contraindications for the treating doctor, in one query', () => {
  it('answers for 1,000 records in one round trip with one index query and one decryption batch of a handful of records', async () => {
    expect(services.data!.index.byPatient(patient.id).length).toBeGreaterThanOrEqual(RECORDS)
    services.metrics.reset()
    const c = (await ok<{ patient: { contraindications: Contra } }>(gql, CONTRA, { p: patient.id }, who.doctor)).patient.contraindications
    const m = services.metrics.snapshot()
    expect(m['records.patientRows']).toBe(1)
    expect(m['records.bodies']).toBe(1)
    expect(m['consent.grants']).toBe(1)
    expect(m['records.audit']).toBe(1)
    // 3 allergies + the latest prescription of each of 5 drugs; no condition a rule names
    expect(m['records.decrypted']).toBe(8)
    expect(c.allergies.map((a) => a.code.display).sort()).toEqual(['Mold (organism)', 'Sulfamethoxazole / Trimethoprim', 'Tree nut (substance)'])
    expect(c.allergyConflicts.map((a) => a.drugClass?.id)).toEqual(['SULFONAMIDE_ANTIBIOTIC'])
    expect(c.interactions).toMatchObject([{ severity: 'MODERATE', medications: expect.arrayContaining([{ medication: { code: '904419', display: 'Alendronic acid 10 MG Oral Tablet' } }, { medication: { code: '310325', display: 'ferrous sulfate 325 MG Oral Tablet' } }]) }])
    expect(c.currentMedications.map((x) => x.medication.code).sort()).toEqual(['310325', '314231', '904419'])
    expect(c.drugContraindications).toEqual([])
  })

  it('after the doctor records chronic kidney disease and a naproxen prescription, flags the NSAID (and the read is audited)', async () => {
    const write = 'mutation ($p: ID!, $f: JSON!) { writeTreatmentRecord(patientId: $p, fhir: $f) { id version author } }'
    const ckd = { resourceType: 'Condition', clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] }, code: { coding: [{ system: 'http://snomed.info/sct', code: '433144002', display: 'Chronic kidney disease stage 3 (disorder)' }] }, subject: { reference: `Patient/${patient.id}` }, onsetDateTime: '2025-06-01' }
    const naproxen = { resourceType: 'MedicationRequest', status: 'active', intent: 'order', medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '849574', display: 'Naproxen sodium 220 MG Oral Tablet' }] }, subject: { reference: `Patient/${patient.id}` }, authoredOn: '2026-01-10', dosageInstruction: [{ timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value: 1 } }] }] }
    await ok(gql, write, { p: patient.id, f: ckd }, who.doctor)
    await ok(gql, write, { p: patient.id, f: naproxen }, who.doctor)
    const c = (await ok<{ patient: { contraindications: Contra } }>(gql, CONTRA, { p: patient.id }, who.doctor)).patient.contraindications
    const nsaid = c.drugContraindications.find((d) => d.drugClass.id === 'NSAID')!
    expect(nsaid).toMatchObject({ drugClass: { atc: 'M01A' }, severity: 'RELATIVE', condition: { code: { code: '433144002' } }, conflictingMedications: [{ medication: { display: 'Naproxen sodium 220 MG Oral Tablet' } }] })
    expect(c.drugContraindications.map((d) => d.drugClass.id).sort()).toEqual(['NITROFURANTOIN', 'NSAID'])
    const log = await ok<{ patient: { accessLog: Array<{ decision: string, purpose: string, recordIds: string[] }> } }>(gql, 'query ($p: ID!) { patient(id: $p) { accessLog(first: 3) { decision purpose recordIds } } }', { p: patient.id }, patient.who)
    expect(log.patient.accessLog[0]).toMatchObject({ decision: 'PERMIT', purpose: 'TREAT' })
    expect(log.patient.accessLog[0]!.recordIds.length).toBeGreaterThan(5)
  })

  it('a product-level prescription (314076 lisinopril 10 MG) with ibuprofen shows the NSAID–ACE inhibitor interaction; an unmapped code is flagged', async () => {
    const write = 'mutation ($p: ID!, $f: JSON!) { writeTreatmentRecord(patientId: $p, fhir: $f) { id } }'
    const prescribe = (code: string, display: string): Promise<unknown> => ok(gql, write, { p: patient.id, f: { resourceType: 'MedicationRequest', status: 'active', intent: 'order', medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code, display }] }, subject: { reference: `Patient/${patient.id}` }, authoredOn: '2026-01-12' } }, who.doctor)
    await prescribe('314076', 'lisinopril 10 MG Oral Tablet')
    await prescribe('206905', 'Ibuprofen 400 MG Oral Tablet [Ibu]')
    // a product code the shipped mapping lacks: the ingredient comes from the display, flagged as such
    await prescribe('858813', 'enalapril maleate 5 MG Oral Tablet')
    const q = `query ($p: ID!) { patient(id: $p) { contraindications {
      interactions { severity unverified medications { medication { code } } }
      currentMedications { medication { code } ingredients { rxnorm name basis } drugClasses { id } } } } }`
    type Med = { medication: { code: string }, ingredients: Array<{ rxnorm: string | null, name: string, basis: string }>, drugClasses: Array<{ id: string }> }
    const c = (await ok<{ patient: { contraindications: { interactions: Array<{ severity: string, unverified: boolean, medications: Array<{ medication: { code: string } }> }>, currentMedications: Med[] } } }>(gql, q, { p: patient.id }, who.doctor)).patient.contraindications
    const byCode = new Map(c.currentMedications.map((m) => [m.medication.code, m]))
    expect(byCode.get('314076')).toEqual({ medication: { code: '314076' }, ingredients: [{ rxnorm: '29046', name: 'lisinopril', basis: 'RXNORM_MAPPING' }], drugClasses: [{ id: 'ACE_INHIBITOR' }] })
    expect(byCode.get('858813')).toMatchObject({ ingredients: [{ rxnorm: '3827', name: 'enalapril', basis: 'DISPLAY_NAME' }], drugClasses: [{ id: 'ACE_INHIBITOR' }] })
    const pairs = c.interactions.map((i) => i.medications.map((m) => m.medication.code).sort().join('+'))
    expect(pairs).toEqual(expect.arrayContaining(['206905+314076', '206905+858813', '314076+849574']))
    expect(c.interactions.find((i) => i.medications.some((m) => m.medication.code === '314076'))?.severity).toBe('MODERATE')
    // an interaction that rests on a display-name guess is flagged; the mapped one is not
    const unverified = new Map(c.interactions.map((i) => [i.medications.map((m) => m.medication.code).sort().join('+'), i.unverified]))
    expect([unverified.get('206905+314076'), unverified.get('206905+858813')]).toEqual([false, true])
  })

  it('another patient, a doctor with no relation and an admin of another hospital get nothing', async () => {
    for (const [, caller, code] of outsiders()) expectNothing(await gql(CONTRA, { p: patient.id }, caller), code)
  })
})

describe('writing: self-reports by the patient, treatment records by the treating doctor', () => {
  it('a doctor may write only the kinds of record their grant lets them read for TREAT', async () => {
    const hospital = await registerOrganization('Lab')
    const labDoctor = await registerPractitioner(hospital.who, hospital.id, 'Dr Lab')
    await signedGrant(gql, patient, { type: 'PERMIT', actors: [{ kind: 'PRACTITIONER', id: labDoctor.id }], purposes: ['TREAT'], resourceTypes: ['Observation'] })
    const write = 'mutation ($p: ID!, $f: JSON!) { writeTreatmentRecord(patientId: $p, fhir: $f) { id } }'
    await ok(gql, write, { p: patient.id, f: bloodPressure(patient.id, '2026-11-21T10:00:00Z', 130, 85) }, labDoctor.who)
    const condition = { resourceType: 'Condition', code: { coding: [{ system: 'http://snomed.info/sct', code: '38341003', display: 'Hypertension' }] }, onsetDateTime: '2026-11-21' }
    expect(codes(await gql(write, { p: patient.id, f: condition }, labDoctor.who))).toEqual(['FORBIDDEN'])
    const log = await ok<{ patient: { accessLog: Array<{ decision: string }> } }>(gql, 'query ($p: ID!) { patient(id: $p) { accessLog(first: 1) { decision } } }', { p: patient.id }, patient.who)
    expect(log.patient.accessLog[0]!.decision).toBe('DENY')
  })

  it('an encounter in progress shows in the snapshot of now, decrypting only what the snapshot needs', async () => {
    const now = new Date(clock.now()).toISOString()
    const stay = { resourceType: 'Encounter', status: 'in-progress', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP', display: 'inpatient encounter' }, serviceType: { coding: [{ system: 'http://snomed.info/sct', code: '394579002', display: 'Cardiology' }] }, period: { start: now }, serviceProvider: { display: 'General Hospital' } }
    const id = (await ok<{ writeTreatmentRecord: { id: string } }>(gql, 'mutation ($p: ID!, $f: JSON!) { writeTreatmentRecord(patientId: $p, fhir: $f) { id } }', { p: patient.id, f: stay }, who.doctor)).writeTreatmentRecord.id
    services.metrics.reset()
    const s = await ok<{ patient: { snapshot: { openEncounters: Array<{ id: string, department: string, class: { code: string } }> } } }>(gql,
      'query ($p: ID!) { patient(id: $p) { snapshot { openEncounters { id department hospital class { code } } } } }', { p: patient.id }, who.doctor)
    expect(s.patient.snapshot.openEncounters).toMatchObject([{ id, department: 'Cardiology', class: { code: 'IMP' } }])
    const m = services.metrics.snapshot()
    expect(m['records.patientRows']).toBe(1)
    expect(m['records.bodies']).toBe(1)
    // conditions, allergies, one record per drug and per observation code, this year's encounters: far below 1,000
    expect(m['records.decrypted']).toBeLessThan(80)
  })

  const SELF = 'mutation ($i: SelfReportInput!) { writeSelfReport(input: $i) { id version author clinical { __typename ... on QuestionnaireResponseRecord { selfReportKind authored answers { linkId valueString valueNumber } } } } }'

  it('the patient writes a self-report and amends it; both versions stay readable; the timeline shows it', async () => {
    const first = await ok<{ writeSelfReport: { id: string, version: number, clinical: { selfReportKind: string, answers: Array<{ linkId: string }> } } }>(gql, SELF,
      { i: { kind: 'SYMPTOMS', text: 'Headache every morning', score: 4, answers: [{ question: 'Hours of sleep', valueNumber: 6 }], at: '2026-11-01T08:00:00Z' } }, patient.who)
    expect(first.writeSelfReport).toMatchObject({ version: 1, clinical: { selfReportKind: 'SYMPTOMS', answers: [{ linkId: 'text' }, { linkId: 'score' }, { linkId: 'q1' }] } })
    const id = first.writeSelfReport.id
    const second = await ok<{ writeSelfReport: { id: string, version: number } }>(gql, SELF, { i: { kind: 'SYMPTOMS', text: 'Headache gone', recordId: id, at: '2026-11-02T08:00:00Z' } }, patient.who)
    expect(second.writeSelfReport).toMatchObject({ id, version: 2 })
    const h = await ok<{ record: { history: Array<{ version: number, clinical: { answers: Array<{ valueString: string | null }> } }> } }>(gql,
      'query ($id: ID!) { record(id: $id) { history { version clinical { ... on QuestionnaireResponseRecord { answers { valueString } } } } } }', { id }, who.doctor)
    expect(h.record.history.map((v) => [v.version, v.clinical.answers[0]!.valueString])).toEqual([[1, 'Headache every morning'], [2, 'Headache gone']])
    const t = await ok<{ patient: { timeline: Array<{ id: string, version: number }> } }>(gql, 'query ($p: ID!) { patient(id: $p) { timeline(kind: QUESTIONNAIRE_RESPONSE) { id version } } }', { p: patient.id }, patient.who)
    expect(t.patient.timeline).toEqual([{ id, version: 2 }])
  })

  it('refuses a self-report by anyone but the patient, of another’s record, or with bad input', async () => {
    const input = { kind: 'SELF_EVALUATION', text: 'fine' }
    expect(codes(await gql(SELF, { i: input }, who.doctor))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(SELF, { i: input }, who.admin))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(SELF, { i: { ...input, score: 12 } }, patient.who))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await gql(SELF, { i: { ...input, text: '' } }, patient.who))).toEqual(['BAD_USER_INPUT'])
    const mine = (await ok<{ writeSelfReport: { id: string } }>(gql, SELF, { i: input }, patient.who)).writeSelfReport.id
    expect(codes(await gql(SELF, { i: { ...input, recordId: mine } }, other.who))).toEqual(['FORBIDDEN'])
  })

  it('only a practitioner the patient’s consent lets treat may write treatment records; every refusal is FORBIDDEN', async () => {
    const write = 'mutation ($p: ID!, $f: JSON!, $r: ID) { writeTreatmentRecord(patientId: $p, fhir: $f, recordId: $r) { id version } }'
    const obs = bloodPressure(patient.id, '2026-11-20T10:00:00Z', 150, 95)
    for (const caller of [who.strangerDoctor, who.admin, who.otherAdmin, other.who]) expect(codes(await gql(write, { p: patient.id, f: obs }, caller))).toEqual(['FORBIDDEN'])
    const created = await ok<{ writeTreatmentRecord: { id: string, version: number } }>(gql, write, { p: patient.id, f: obs }, who.doctor)
    const amended = await ok<{ writeTreatmentRecord: { id: string, version: number } }>(gql, write, { p: patient.id, f: bloodPressure(patient.id, '2026-11-20T10:00:00Z', 145, 92), r: created.writeTreatmentRecord.id }, who.doctor)
    expect(amended.writeTreatmentRecord).toEqual({ id: created.writeTreatmentRecord.id, version: 2 })
    // not for another patient (no grant there), nor into another patient's record, nor the patient's own kinds
    expect(codes(await gql(write, { p: other.id, f: obs }, who.doctor))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(write, { p: other.id, f: obs, r: created.writeTreatmentRecord.id }, who.doctor))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(write, { p: patient.id, f: { resourceType: 'Patient', gender: 'male' } }, who.doctor))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await gql(write, { p: patient.id, f: { resourceType: 'QuestionnaireResponse', status: 'completed', questionnaire: 'https://medledger.dev/fhir/Questionnaire/self-evaluation' } }, who.doctor))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await gql(write, { p: patient.id, f: { status: 'final' } }, who.doctor))).toEqual(['BAD_USER_INPUT'])
  })

  it('nobody but the patient writes over or forges a self-report, and a doctor amends only what their grant lets them read (review fix)', async () => {
    const mine = (await ok<{ writeSelfReport: { id: string } }>(gql, SELF, { i: { kind: 'CONDITION_DESCRIPTION', text: 'My knee hurts when I climb stairs' } }, patient.who)).writeSelfReport.id
    const obs = bloodPressure(patient.id, '2026-11-22T10:00:00Z', 120, 80)
    const forged = { resourceType: 'QuestionnaireResponse', status: 'completed', questionnaire: 'https://medledger.dev/fhir/Questionnaire/self-evaluation', item: [{ linkId: 'text', answer: [{ valueString: 'I feel perfectly fine' }] }] }
    // the treating doctor (TREAT grant for everything) may not replace it, through either mutation
    expect(codes(await gql('mutation ($p: ID!, $f: JSON!, $r: ID) { writeTreatmentRecord(patientId: $p, fhir: $f, recordId: $r) { id } }', { p: patient.id, f: obs, r: mine }, who.doctor))).toEqual(['FORBIDDEN'])
    expect(codes(await gql('mutation ($id: ID!, $f: JSON!) { amendRecord(id: $id, fhir: $f) { id } }', { id: mine, f: obs }, who.doctor))).toEqual(['FORBIDDEN'])
    // nor write one in the patient's name
    expect(codes(await gql('mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', { p: patient.id, f: forged }, who.doctor))).toEqual(['BAD_USER_INPUT'])
    const latest = await ok<{ record: { version: number, clinical: { selfReportKind: string } } }>(gql, 'query ($id: ID!) { record(id: $id) { version clinical { ... on QuestionnaireResponseRecord { selfReportKind } } } }', { id: mine }, patient.who)
    expect(latest.record).toEqual({ version: 1, clinical: { selfReportKind: 'CONDITION_DESCRIPTION' } })
    // the patient still amends their own
    expect((await ok<{ amendRecord: { version: number } }>(gql, 'mutation ($id: ID!, $f: JSON!) { amendRecord(id: $id, fhir: $f) { version } }', { id: mine, f: forged }, patient.who)).amendRecord.version).toBe(2)
    // a doctor whose grant covers only Observations may not overwrite a Condition record with an Observation
    const hospital = await registerOrganization('Lab 2')
    const labDoctor = await registerPractitioner(hospital.who, hospital.id, 'Dr Lab Two')
    await signedGrant(gql, patient, { type: 'PERMIT', actors: [{ kind: 'PRACTITIONER', id: labDoctor.id }], purposes: ['TREAT'], resourceTypes: ['Observation'] })
    const condition = services.data!.index.byPatient(patient.id, { resourceType: 'Condition' })[0]!
    expect(codes(await gql('mutation ($p: ID!, $f: JSON!, $r: ID) { writeTreatmentRecord(patientId: $p, fhir: $f, recordId: $r) { id } }', { p: patient.id, f: obs, r: condition.recordId }, labDoctor.who))).toEqual(['FORBIDDEN'])
    expect(services.data!.index.record(condition.recordId)!.resourceType).toBe('Condition')
    // nor through amendRecord; and a doctor with no relation at all may not amend away an allergy
    const AMEND = 'mutation ($id: ID!, $f: JSON!) { amendRecord(id: $id, fhir: $f) { id version } }'
    expect(codes(await gql(AMEND, { id: condition.recordId, f: obs }, labDoctor.who))).toEqual(['FORBIDDEN'])
    const allergy = services.data!.index.byPatient(patient.id, { resourceType: 'AllergyIntolerance' })[0]!
    const refuted = { resourceType: 'AllergyIntolerance', patient: { reference: `Patient/${patient.id}` }, verificationStatus: { coding: [{ code: 'refuted' }] }, code: { text: 'none' } }
    expect(codes(await gql(AMEND, { id: allergy.recordId, f: refuted }, who.strangerDoctor))).toEqual(['FORBIDDEN'])
    expect(services.data!.index.record(allergy.recordId)!.version).toBe(allergy.version)
    // the treating doctor, whose grant covers allergies, may
    expect((await ok<{ amendRecord: { version: number } }>(gql, AMEND, { id: allergy.recordId, f: refuted }, who.doctor)).amendRecord.version).toBe(allergy.version + 1)
  })
})
