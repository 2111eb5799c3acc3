// Acceptance of the derived figures of the personal health database, over HTTP through the gateway
// with every subgraph in-process: the Life's Essential 8 health score (recomputed when a record arrives, read
// through consent), the medication check (regional standard price, treatment course, admin price updates),
// doctor reviews (finished encounter, once, tamper-evident hash in the ledger) and performance, and hospital
// prescription monitoring — each with its authorization negatives (another patient, a doctor with no
// relation, an admin of another hospital). Data: Synthea-shaped records (test/fixtures/README.md).
import { readFileSync } from 'node:fs'
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { MONITORING_LIMITS } from '../../src/subgraphs/records/health/monitoring.ts'
import { reviewHash } from '../../src/subgraphs/records/health/reviews.ts'
import { codes, reasons } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'
import { client, login, ok, signedGrant } from './consent-helpers.ts'
import type { Credential } from './consent-helpers.ts'
import { verifyOrganization } from '../support/trust.ts'

const tmp = tempDir('medledger-health-')
const clock = { t: Date.parse('2026-11-28T12:00:00Z'), now () { return this.t } }
let services: Awaited<ReturnType<typeof openServices>>
let gw: RunningServer | undefined
const gql = client(() => gw!.url)

interface Person { wallet: Wallet, who: Credential, id: string }
const person = (): Person => ({ wallet: Wallet.createRandom() as unknown as Wallet, who: undefined, id: '' })
const alice = person()
const bob = person()
const adminA = person()
const adminB = person()
const doctorD = person() // at hospital A, treats alice
const doctorE = person() // at hospital B, no relation to alice
let orgA = ''
let orgB = ''
const rec = { encounter: '', openEncounter: '', amoxicillin: '', simvastatin: '' }

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
const observations = JSON.parse(fixture('synthea/le8-observations.json')) as Array<Record<string, unknown>>
/** Synthea's simvastatin request (fhir/ndjson/MedicationRequest.ndjson) and Bob965's first encounter (fhir/bundles). */
const syntheaRequest = JSON.parse(fixture('fhir/ndjson/MedicationRequest.ndjson').split('\n').find((l) => l.includes('03153d39-9e31-b6bf-535e-d7e5782943d8'))!) as Record<string, unknown>
const syntheaEncounter = (JSON.parse(fixture('fhir/bundles/Bob965_Keeling57_3f6fd0bb-6cd3-eb3f-4401-cd38ace25f2b.json')) as { entry: Array<{ resource: Record<string, unknown> }> })
  .entry.map((e) => e.resource).find((r) => r.resourceType === 'Encounter')!
const PRICE = 'https://medledger.dev/fhir/StructureDefinition/unit-price'

async function signIn (p: Person): Promise<void> { p.who = { bearer: (await login(gql, p.wallet)).bearer } }

async function create (who: Credential, patientId: string, fhir: Record<string, unknown>): Promise<string> {
  const fhirWithSubject = { ...fhir, subject: { reference: `Patient/${patientId}` } }
  return (await ok<{ createRecord: { id: string } }>(gql, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', { p: patientId, f: fhirWithSubject }, who)).createRecord.id
}

const SCORE = 'query ($p: ID!) { patient(id: $p) { healthScore { score grade coverage missing basisEntryIndex components { component points treated value measuredAt recordIds } } } }'
const CHECKS = 'query ($p: ID!) { patient(id: $p) { medicationChecks { recordId rxnorm region organizationId antibiotic flagged price { status charged standard excess } quantity { status dispensed course } } } }'

async function start (): Promise<void> {
  services = await openServices({ dataDir: tmp.dir, ownsData: true, clock, sealIntervalMs: 50, fsync: false })
  gw = await createGateway({ services, port: 0 })
}

beforeAll(async () => {
  await start()
  for (const p of [alice, bob, adminA, adminB, doctorD, doctorE]) await signIn(p)
  for (const p of [alice, bob]) p.id = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, p.who)).registerPatient.id
  orgA = (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation { registerOrganization(input: { name: "Hospital A" }) { id } }', {}, adminA.who)).registerOrganization.id
  orgB = (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation { registerOrganization(input: { name: "Hospital B" }) { id } }', {}, adminB.who)).registerOrganization.id
  for (const o of [orgA, orgB]) verifyOrganization(services, o)
  for (const [doc, org, admin, name] of [[doctorD, orgA, adminA, 'Dr D'], [doctorE, orgB, adminB, 'Dr E']] as const) {
    doc.id = (await ok<{ registerPractitioner: { id: string } }>(gql, 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }', { i: { address: doc.wallet.address, name, organizationId: org } }, admin.who)).registerPractitioner.id
    await signIn(doc)
  }
  await signIn(adminA)
  await signIn(adminB)
  // Doctor D writes alice's examination results and a visit; alice self-reports her sleep.
  for (const o of observations) await create(doctorD.who, alice.id, o)
  await create(alice.who, alice.id, { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '93832-4', display: 'Sleep duration' }] }, effectiveDateTime: '2026-10-02T07:00:00+00:00', valueQuantity: { value: 7.5, unit: 'h', system: 'http://unitsofmeasure.org', code: 'h' } })
  const participant = [{ ...(syntheaEncounter.participant as Array<Record<string, unknown>>)[0], individual: { reference: `Practitioner/${doctorD.id}`, display: 'Dr D' } }]
  rec.encounter = await create(doctorD.who, alice.id, { ...syntheaEncounter, id: undefined, participant })
  rec.openEncounter = await create(doctorD.who, alice.id, { ...syntheaEncounter, id: undefined, status: 'in-progress', participant })
  // Synthea's simvastatin request, with the dispense and price Synthea leaves out: 1 × 1/day × 30 days = 30, at the DEFAULT standard 0.05.
  rec.simvastatin = await create(doctorD.who, alice.id, {
    ...syntheaRequest, id: undefined, status: 'active', authoredOn: '2026-10-01T09:30:00+00:00', encounter: { reference: `Encounter/${rec.encounter}` }, requester: { reference: `Practitioner/${doctorD.id}`, display: 'Dr D' },
    dispenseRequest: { quantity: { value: 30 }, expectedSupplyDuration: { value: 30, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' } },
    extension: [{ url: PRICE, valueMoney: { value: 0.05, currency: 'USD' } }]
  })
  // An antibiotic over-dispensed and overpriced: course 1 × 3/day × 7 days a fill × 2 fills = 42, dispensed 30 × 2 = 60; 0.50 against 0.25 (+100 %).
  rec.amoxicillin = await create(doctorD.who, alice.id, {
    resourceType: 'MedicationRequest', status: 'active', intent: 'order', authoredOn: '2026-11-02T10:00:00+00:00',
    medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '308182', display: 'Amoxicillin 250 MG Oral Capsule' }] },
    encounter: { reference: `Encounter/${rec.encounter}` }, requester: { reference: `Practitioner/${doctorD.id}`, display: 'Dr D' },
    dosageInstruction: [{ sequence: 1, timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value: 1 } }] }],
    dispenseRequest: { numberOfRepeatsAllowed: 1, quantity: { value: 30 }, expectedSupplyDuration: { value: 7, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' } },
    extension: [{ url: PRICE, valueMoney: { value: 0.5, currency: 'USD' } }]
  })
}, 60_000)

afterAll(async () => {
  await gw?.stop()
  await services?.close()
  tmp.cleanup()
})

type ScoreOut = { score: number | null, grade: string | null, coverage: number, missing: string[], basisEntryIndex: number, components: Array<{ component: string, points: number | null, treated: boolean, value: number | null, measuredAt: string | null, recordIds: string[] }> }
async function scoreOf (who: Credential, patientId = alice.id): Promise<ScoreOut> {
  return (await ok<{ patient: { healthScore: ScoreOut } }>(gql, SCORE, { p: patientId }, who)).patient.healthScore
}

describe('health score (Life\'s Essential 8)', () => {
  it('scores the owner from the latest records, and recomputes when a record arrives', async () => {
    const s = await scoreOf(alice.who)
    // BP 118/76 → 100, BMI 27.4 → 70, non-HDL 200 − 50 = 150 → 60, less 20 for the active simvastatin (a treated
    // level) → 40, HbA1c 5.9 → 60, never smoked → 100, sleep 7.5 h → 100
    // (100 + 70 + 40 + 60 + 100 + 100) / 6 = 470 / 6 = 78.33 → 78, grade B; diet and activity missing
    expect(s).toMatchObject({ score: 78, grade: 'B', coverage: 0.75, missing: ['DIET', 'PHYSICAL_ACTIVITY'] })
    expect(s.components.find((c) => c.component === 'NON_HDL_CHOLESTEROL')).toMatchObject({ points: 40, treated: true, value: 150, measuredAt: '2026-09-15T08:00:00+00:00' })
    expect(s.components.find((c) => c.component === 'BLOOD_PRESSURE')).toMatchObject({ points: 100, treated: false })
    const newer = await create(doctorD.who, alice.id, { ...observations[0]!, effectiveDateTime: '2026-11-20T09:00:00+00:00', component: [
      { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 95, unit: 'mm[Hg]' } },
      { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 165, unit: 'mm[Hg]' } }] })
    const t = await scoreOf(alice.who)
    // sys 165 ≥ 160 → 0: (0 + 70 + 40 + 60 + 100 + 100) / 6 = 370 / 6 = 61.67 → 62, grade C
    expect(t).toMatchObject({ score: 62, grade: 'C' })
    expect(t.components.find((c) => c.component === 'BLOOD_PRESSURE')!.recordIds).toEqual([newer])
    expect(t.basisEntryIndex).toBeGreaterThan(s.basisEntryIndex)
    // alice self-reports her diet (MEPA 13 → 80) and activity (3 days × 40 min = 120 min/wk → 90)
    const selfReport = (system: string, code: string, value: Record<string, unknown>): Record<string, unknown> =>
      ({ resourceType: 'Observation', status: 'final', code: { coding: [{ system, code }] }, effectiveDateTime: '2026-11-21T08:00:00+00:00', ...value })
    await create(alice.who, alice.id, selfReport('https://medledger.dev/fhir/CodeSystem/health-score', 'mepa-diet-score', { valueInteger: 13 }))
    await create(alice.who, alice.id, selfReport('http://loinc.org', '89555-7', { valueQuantity: { value: 3, unit: 'd/wk', code: 'd/wk' } }))
    await create(alice.who, alice.id, selfReport('http://loinc.org', '68516-4', { valueQuantity: { value: 40, unit: 'min/d', code: 'min/d' } }))
    const u = await scoreOf(alice.who)
    // (80 + 90 + 100 + 100 + 70 + 40 + 60 + 0) / 8 = 540 / 8 = 67.5 → 68, grade B, every metric present
    expect(u).toMatchObject({ score: 68, grade: 'B', coverage: 1, missing: [] })
    expect(u.components.find((c) => c.component === 'PHYSICAL_ACTIVITY')).toMatchObject({ points: 90, value: 120 })
  })

  it('is CONSENT_REQUIRED for another patient and for doctors without a grant; a grantee reads it', async () => {
    // another patient may not even look alice up; doctors and admins without a grant read no figure
    expect(codes(await gql(SCORE, { p: alice.id }, bob.who))).toEqual(['FORBIDDEN'])
    for (const who of [doctorE.who, doctorD.who, adminA.who]) expect(codes(await gql(SCORE, { p: alice.id }, who))).toEqual(['CONSENT_REQUIRED'])
    expect(codes(await gql(SCORE, { p: alice.id }))).toEqual(['UNAUTHENTICATED'])
    await signedGrant(gql, alice, { type: 'PERMIT', actors: [{ kind: 'PRACTITIONER', id: doctorD.id }], purposes: ['TREAT'] })
    expect((await scoreOf(doctorD.who)).score).toBe(68)
    expect(codes(await gql(SCORE, { p: alice.id }, doctorE.who))).toEqual(['CONSENT_REQUIRED'])
  })
})

type CheckOut = { recordId: string, rxnorm: string, region: string, organizationId: string, antibiotic: boolean, flagged: boolean, price: { status: string, charged: number, standard: number, excess: number }, quantity: { status: string, dispensed: number, course: number } }
async function checksOf (who: Credential): Promise<CheckOut[]> {
  return (await ok<{ patient: { medicationChecks: CheckOut[] } }>(gql, CHECKS, { p: alice.id }, who)).patient.medicationChecks
}

describe('medication check', () => {
  it('shows the patient price and quantity flags against the prescribing hospital\'s region', async () => {
    const checks = await checksOf(alice.who)
    expect(checks.map((c) => c.recordId)).toEqual([rec.amoxicillin, rec.simvastatin])
    expect(checks[0]).toMatchObject({ rxnorm: '308182', region: 'DEFAULT', organizationId: orgA, antibiotic: true, flagged: true, price: { status: 'FLAGGED', charged: 0.5, standard: 0.25, excess: 1 }, quantity: { status: 'FLAGGED', dispensed: 60, course: 42 } })
    expect(checks[1]).toMatchObject({ rxnorm: '314231', antibiotic: false, flagged: false, price: { status: 'OK', standard: 0.05 }, quantity: { status: 'OK', dispensed: 30, course: 30 } })
    expect(codes(await gql(CHECKS, { p: alice.id }, bob.who))).toEqual(['FORBIDDEN'])
    for (const who of [doctorE.who, adminB.who]) expect(codes(await gql(CHECKS, { p: alice.id }, who))).toEqual(['CONSENT_REQUIRED'])
  })

  it('lets a hospital\'s admins set its region and update that region\'s prices, and nobody else', async () => {
    expect(codes(await gql('mutation ($o: ID!) { setHospitalRegion(organizationId: $o, region: "US-MA") }', { o: orgA }, adminB.who))).toEqual(['FORBIDDEN'])
    expect(codes(await gql('mutation ($o: ID!) { setHospitalRegion(organizationId: $o, region: "US-MA") }', { o: orgA }, doctorD.who))).toEqual(['FORBIDDEN'])
    await ok(gql, 'mutation ($o: ID!) { setHospitalRegion(organizationId: $o, region: "US-MA") }', { o: orgA }, adminA.who)
    expect((await checksOf(alice.who))[0]).toMatchObject({ region: 'US-MA', price: { standard: 0.3 } }) // the shipped US-MA entry
    const set = 'mutation ($i: StandardPriceInput!) { setStandardPrice(input: $i) { rxnorm region unitPrice currency source } }'
    const input = { organizationId: orgA, rxnorm: '308182', unitPrice: 0.45, currency: 'USD' }
    expect(codes(await gql(set, { i: input }, adminB.who))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(set, { i: { ...input, unitPrice: -1 } }, adminA.who))).toEqual(['BAD_USER_INPUT'])
    const r = await ok<{ setStandardPrice: { region: string, source: string } }>(gql, set, { i: input }, adminA.who)
    expect(r.setStandardPrice).toMatchObject({ region: 'US-MA', unitPrice: 0.45 })
    // 0.50 ≤ 0.45 × 1.2 = 0.54: the price is now within tolerance; the quantity still is not
    expect((await checksOf(alice.who))[0]).toMatchObject({ flagged: true, price: { status: 'OK', standard: 0.45 }, quantity: { status: 'FLAGGED' } })
    const table = await ok<{ standardPrices: Array<{ rxnorm: string, unitPrice: number, source: string }> }>(gql, '{ standardPrices(region: "US-MA") { rxnorm unitPrice source } }', {}, bob.who)
    expect(table.standardPrices.find((p) => p.rxnorm === '308182')).toMatchObject({ unitPrice: 0.45, source: r.setStandardPrice.source })
    expect(table.standardPrices.find((p) => p.rxnorm === '314231')).toMatchObject({ source: 'SHIPPED' })
  })
})

const REVIEW = 'mutation ($i: ReviewEncounterInput!) { reviewEncounter(input: $i) { encounterId practitionerId organizationId attitude outcome comment createdAt entryIndex } }'
const PERF = 'query ($d: ID!) { doctorPerformance(practitionerId: $d) { practitionerId name count meanAttitude meanOutcome mean bayesianAverage trend { period count mean } } }'

describe('doctor reviews', () => {
  it('lets only the patient of a finished encounter rate it, once, with its hash in the ledger', async () => {
    const input = { encounterId: rec.encounter, attitude: 5, outcome: 4, comment: 'listened carefully' }
    expect(codes(await gql(REVIEW, { i: input }, bob.who))).toEqual(['NOT_FOUND'])
    expect(codes(await gql(REVIEW, { i: input }, doctorE.who))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(REVIEW, { i: { ...input, encounterId: rec.openEncounter } }, alice.who))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(REVIEW, { i: { ...input, encounterId: rec.simvastatin } }, alice.who))).toEqual(['NOT_FOUND'])
    expect(codes(await gql(REVIEW, { i: { ...input, attitude: 6 } }, alice.who))).toEqual(['BAD_USER_INPUT'])
    // an encounter alice wrote herself, or one she amended to finished, names whom she likes: not a visit
    const own = await create(alice.who, alice.id, { ...syntheaEncounter, id: undefined, participant: [{ individual: { reference: `Practitioner/${doctorD.id}` } }] })
    expect(codes(await gql(REVIEW, { i: { ...input, encounterId: own } }, alice.who))).toEqual(['FORBIDDEN'])
    const amended = await create(doctorD.who, alice.id, { ...syntheaEncounter, id: undefined, status: 'in-progress', participant: [{ individual: { reference: `Practitioner/${doctorD.id}` } }] })
    await ok(gql, 'mutation ($id: ID!, $f: JSON!) { amendRecord(id: $id, fhir: $f) { version } }', { id: amended, f: { ...syntheaEncounter, id: undefined, subject: { reference: `Patient/${alice.id}` }, participant: [{ individual: { reference: `Practitioner/${doctorD.id}` } }] } }, alice.who)
    expect(codes(await gql(REVIEW, { i: { ...input, encounterId: amended } }, alice.who))).toEqual(['FORBIDDEN'])
    const r = (await ok<{ reviewEncounter: { entryIndex: number, createdAt: string } }>(gql, REVIEW, { i: input }, alice.who)).reviewEncounter
    expect(r).toMatchObject({ encounterId: rec.encounter, practitionerId: doctorD.id, organizationId: orgA, attitude: 5, outcome: 4 })
    expect(reasons(await gql(REVIEW, { i: { ...input, attitude: 1 } }, alice.who))).toEqual(['CONFLICT/ALREADY_DONE'])
    const entry = services.ledger.entry(r.entryIndex) as unknown as { type: string, reviewHash: string }
    expect(entry.type).toBe('DoctorReviewed')
    const stored = { encounterId: rec.encounter, patientId: alice.id, practitionerId: doctorD.id, organizationId: orgA, attitude: 5, outcome: 4, comment: 'listened carefully', time: Date.parse(r.createdAt) }
    expect(entry.reviewHash).toBe(reviewHash(stored))
    expect(entry.reviewHash).not.toBe(reviewHash({ ...stored, attitude: 1 }))
  })

  it('shows the performance to the doctor and their hospital\'s admins only', async () => {
    const mine = (await ok<{ doctorPerformance: Record<string, unknown> }>(gql, PERF, { d: doctorD.id }, doctorD.who)).doctorPerformance
    // one rating (5 + 4) / 2 = 4.5; Bayesian (5 × 3 + 4.5) / (5 + 1) = 19.5 / 6 = 3.25
    expect(mine).toEqual({ practitionerId: doctorD.id, name: 'Dr D', count: 1, meanAttitude: 5, meanOutcome: 4, mean: 4.5, bayesianAverage: 3.25, trend: [{ period: '2026-11', count: 1, mean: 4.5 }] })
    expect((await ok<{ doctorPerformance: unknown }>(gql, PERF, { d: doctorD.id }, adminA.who)).doctorPerformance).toEqual(mine)
    for (const who of [adminB.who, doctorE.who, alice.who]) expect(codes(await gql(PERF, { d: doctorD.id }, who))).toEqual(['FORBIDDEN'])
    const HOSP = 'query ($o: ID!) { hospitalPerformance(organizationId: $o) { practitionerId count bayesianAverage } }'
    expect((await ok<{ hospitalPerformance: unknown[] }>(gql, HOSP, { o: orgA }, adminA.who)).hospitalPerformance).toEqual([{ practitionerId: doctorD.id, count: 1, bayesianAverage: 3.25 }])
    expect((await ok<{ hospitalPerformance: unknown[] }>(gql, HOSP, { o: orgB }, adminB.who)).hospitalPerformance).toEqual([])
    expect(codes(await gql(HOSP, { o: orgA }, adminB.who))).toEqual(['FORBIDDEN'])
  })

  it('follows the trend over time', async () => {
    const participant = [{ individual: { reference: `Practitioner/${doctorD.id}` } }]
    const later = await create(doctorD.who, alice.id, { ...syntheaEncounter, id: undefined, participant })
    clock.t += 60 * 86_400_000 // two months on: 2027-01-27 (tokens expired: everyone signs in again)
    for (const p of [alice, bob, adminA, adminB, doctorD, doctorE]) await signIn(p)
    await ok(gql, REVIEW, { i: { encounterId: later, attitude: 3, outcome: 3 } }, alice.who)
    const p = (await ok<{ doctorPerformance: Record<string, unknown> }>(gql, PERF, { d: doctorD.id }, doctorD.who)).doctorPerformance
    // ratings 4.5 (2026-11) and 3 (2027-01): mean 3.75; Bayesian (15 + 7.5) / 7 = 3.214; slope (3 − 4.5) / 2 months = −0.75
    expect(p).toMatchObject({ count: 2, mean: 3.75, bayesianAverage: 3.214, trend: [{ period: '2026-11', count: 1, mean: 4.5 }, { period: '2027-01', count: 1, mean: 3 }] })
    const slope = await ok<{ doctorPerformance: { slopePerMonth: number } }>(gql, 'query ($d: ID!) { doctorPerformance(practitionerId: $d) { slopePerMonth } }', { d: doctorD.id }, adminA.who)
    expect(slope.doctorPerformance.slopePerMonth).toBe(-0.75)
  })
})

describe('prescription monitoring', () => {
  const MON = 'query ($o: ID!, $f: String, $t: String, $p: MonitoringPeriod) { prescriptionMonitoring(organizationId: $o, from: $f, to: $t, period: $p) { organizationId region total byDrug { key label count } byDoctor { key label count } byDepartment { key count } byPeriod { key count } antibioticCount antibioticShare priceFlags quantityFlags outliers { recordId rxnorm } } }'

  it('gives a hospital\'s admins its volumes, flags and antibiotic share', async () => {
    const m = (await ok<{ prescriptionMonitoring: Record<string, unknown> }>(gql, MON, { o: orgA }, adminA.who)).prescriptionMonitoring
    expect(m).toMatchObject({ organizationId: orgA, region: 'US-MA', total: 2, antibioticCount: 1, antibioticShare: 0.5, priceFlags: 0, quantityFlags: 1 })
    expect(m.byDrug).toEqual([{ key: '308182', label: 'Amoxicillin 250 MG Oral Capsule', count: 1 }, { key: '314231', label: 'Simvastatin 10 MG Oral Tablet', count: 1 }])
    expect(m.byDoctor).toEqual([{ key: doctorD.id, label: 'Dr D', count: 2 }])
    expect(m.byDepartment).toEqual([{ key: 'Well child visit (procedure)', count: 2 }])
    expect(m.byPeriod).toEqual([{ key: '2026-10', count: 1 }, { key: '2026-11', count: 1 }])
    expect(m.outliers).toEqual([{ recordId: rec.amoxicillin, rxnorm: '308182' }])
    const q = (await ok<{ prescriptionMonitoring: Record<string, unknown> }>(gql, MON, { o: orgA, f: '2026-11-01', p: 'QUARTER' }, adminA.who)).prescriptionMonitoring
    expect(q).toMatchObject({ total: 1, byPeriod: [{ key: '2026-Q4', count: 1 }] })
    expect(codes(await gql(MON, { o: orgA, f: 'yesterday' }, adminA.who))).toEqual(['BAD_USER_INPUT'])
  })

  it('gives nothing to another hospital\'s admin, doctors or patients', async () => {
    for (const who of [adminB.who, doctorD.who, alice.who]) expect(codes(await gql(MON, { o: orgA }, who))).toEqual(['FORBIDDEN'])
    expect((await ok<{ prescriptionMonitoring: { total: number } }>(gql, MON, { o: orgB }, adminB.who)).prescriptionMonitoring.total).toBe(0)
  })
})

describe('prescription monitoring of imported Synthea prescriptions', () => {
  it('counts what a hospital imported for it alone', async () => {
    // Synthea patient ca15b832 and her 22 MedicationRequests (test/fixtures/fhir/ndjson), imported by hospital B
    const pid = 'ca15b832-01e4-41dd-6a52-97bd3e5510cb'
    const patient = fixture('fhir/ndjson/Patient.ndjson').split('\n').find((l) => l.includes(`"id":"${pid}"`))!
    const requests = fixture('fhir/ndjson/MedicationRequest.ndjson').split('\n').filter((l) => l.includes(`"reference":"Patient/${pid}"`))
    expect(requests).toHaveLength(22)
    const started = await ok<{ startImport: { id: string } }>(gql, 'mutation ($i: StartImportInput!) { startImport(input: $i) { id } }',
      { i: { organizationId: orgB, upload: [patient, ...requests].join('\n') + '\n', uploadFormat: 'NDJSON' } }, adminB.who)
    let status = 'RUNNING'
    for (let i = 0; i < 200 && status === 'RUNNING'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      status = (await ok<{ importJob: { status: string } }>(gql, 'query ($id: ID!) { importJob(id: $id) { status } }', { id: started.startImport.id }, adminB.who)).importJob.status
    }
    expect(status).toBe('DONE')
    const q = 'query ($o: ID!) { prescriptionMonitoring(organizationId: $o, period: YEAR) { total antibioticCount antibioticShare priceFlags quantityFlags byDrug { key count } byDoctor { label count } } }'
    const m = (await ok<{ prescriptionMonitoring: { total: number, antibioticCount: number, antibioticShare: number, byDrug: Array<{ key: string, count: number }>, byDoctor: unknown[] } }>(gql, q, { o: orgB }, adminB.who)).prescriptionMonitoring
    // antibiotics: nitrofurantoin 311989 × 2 + amoxicillin/clavulanate 562251 × 1 = 3; 3 / 22 = 0.13636 → 0.1364
    expect(m).toMatchObject({ total: 22, antibioticCount: 3, antibioticShare: 0.1364, priceFlags: 0, quantityFlags: 0 })
    expect(m.byDrug[0]).toEqual({ key: '206905', count: 11 })
    expect(m.byDrug.reduce((n, b) => n + b.count, 0)).toBe(22)
    expect((await ok<{ prescriptionMonitoring: { total: number } }>(gql, q, { o: orgA }, adminA.who)).prescriptionMonitoring.total).toBe(2)
    expect(codes(await gql(q, { o: orgB }, adminA.who))).toEqual(['FORBIDDEN'])
  })
})

describe('prescription monitoring reads only what the hospital recorded (review fix)', () => {
  it('does not decrypt another hospital\'s encounter that a prescription names', async () => {
    // doctor E (hospital B) prescribes for alice naming the visit hospital A recorded
    await create(doctorE.who, alice.id, {
      resourceType: 'MedicationRequest', status: 'active', intent: 'order', authoredOn: '2027-01-20T10:00:00+00:00',
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '314231', display: 'Simvastatin 10 MG Oral Tablet' }] },
      encounter: { reference: `Encounter/${rec.encounter}` }, requester: { reference: `Practitioner/${doctorE.id}`, display: 'Dr E' }
    })
    const q = 'query ($o: ID!, $f: String) { prescriptionMonitoring(organizationId: $o, from: $f) { total byDepartment { key count } } }'
    const m = (await ok<{ prescriptionMonitoring: { total: number, byDepartment: Array<{ key: string, count: number }> } }>(gql, q, { o: orgB, f: '2027-01-01' }, adminB.who)).prescriptionMonitoring
    expect(m).toEqual({ total: 1, byDepartment: [{ key: 'unknown', count: 1 }] })
    // hospital A still sees its own visit's department
    const a = (await ok<{ prescriptionMonitoring: { byDepartment: Array<{ key: string }> } }>(gql, q, { o: orgA }, adminA.who)).prescriptionMonitoring
    expect(a.byDepartment.map((d) => d.key)).toEqual(['Well child visit (procedure)'])
  })
})

describe('the shared DEFAULT price table (review fix)', () => {
  it('no hospital admin may change the fallback every hospital uses, nor pick it as a region', async () => {
    const set = 'mutation ($i: StandardPriceInput!) { setStandardPrice(input: $i) { region } }'
    // hospital B never set a region: its region is DEFAULT
    const refused = await gql(set, { i: { organizationId: orgB, rxnorm: '308182', unitPrice: 99, currency: 'USD' } }, adminB.who)
    // the refusal names its cause and its fix
    expect(reasons(refused)).toEqual(['FORBIDDEN/REGION_NOT_SET'])
    expect(refused.body.errors?.[0]?.message).toMatch(/setHospitalRegion/)
    // an admin finds their hospitals and each one's price region without trying mutations
    const REGIONS = '{ me { administers { id name region } } }'
    expect((await ok<{ me: { administers: unknown[] } }>(gql, REGIONS, {}, adminB.who)).me.administers).toEqual([{ id: orgB, name: 'Hospital B', region: 'DEFAULT' }])
    expect((await ok<{ me: { administers: unknown[] } }>(gql, REGIONS, {}, adminA.who)).me.administers).toEqual([{ id: orgA, name: 'Hospital A', region: 'US-MA' }])
    expect((await ok<{ me: { administers: unknown[] } }>(gql, REGIONS, {}, doctorD.who)).me.administers).toEqual([])
    // another account's hospitals are not shown to others
    const ofDoctor = 'query ($d: ID!) { practitioner(id: $d) { account { administers { id } } organization { region } } }'
    expect((await ok<{ practitioner: unknown }>(gql, ofDoctor, { d: doctorD.id }, adminB.who)).practitioner).toEqual({ account: { administers: [] }, organization: { region: 'US-MA' } })
    expect(codes(await gql('mutation ($o: ID!) { setHospitalRegion(organizationId: $o, region: "DEFAULT") }', { o: orgB }, adminB.who))).toEqual(['BAD_USER_INPUT'])
    const table = await ok<{ standardPrices: Array<{ rxnorm: string, unitPrice: number, source: string }> }>(gql, '{ standardPrices(region: "DEFAULT") { rxnorm unitPrice source } }', {}, adminB.who)
    expect(table.standardPrices.find((p) => p.rxnorm === '308182')).toMatchObject({ unitPrice: 0.25, source: 'SHIPPED' })
  })
})

describe('rating a visit re-sealed after a claim (review fix)', () => {
  it('a version the patient wrote with unchanged content still counts as the hospital\'s record', async () => {
    const visit = { ...syntheaEncounter, id: undefined, subject: { reference: `Patient/${alice.id}` }, participant: [{ individual: { reference: `Practitioner/${doctorD.id}` } }] }
    const id = (await ok<{ createRecord: { id: string } }>(gql, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', { p: alice.id, f: visit }, doctorD.who)).createRecord.id
    // what resealClaimedPatient writes: the same resource as a new version, by the patient's account
    await ok(gql, 'mutation ($id: ID!, $f: JSON!) { amendRecord(id: $id, fhir: $f) { version } }', { id, f: visit }, alice.who)
    const r = await ok<{ reviewEncounter: { organizationId: string } }>(gql, REVIEW, { i: { encounterId: id, attitude: 4, outcome: 4 } }, alice.who)
    expect(r.reviewEncounter.organizationId).toBe(orgA)
  })
})

describe('admin-only and doctor-only figures for API keys (review)', () => {
  it('an API key, even with every scope, gets none of them, for another hospital or its own', async () => {
    const key = await ok<{ createApiKey: { secret: string } }>(gql, 'mutation ($o: ID!) { createApiKey(organizationId: $o, scopes: [RECORDS_READ, RECORDS_WRITE, IMPORT]) { secret } }', { o: orgB }, adminB.who)
    const apiKey = { apiKey: key.createApiKey.secret }
    for (const o of [orgA, orgB]) {
      expect(codes(await gql('query ($o: ID!) { prescriptionMonitoring(organizationId: $o) { total } }', { o }, apiKey))).toEqual(['FORBIDDEN'])
      expect(codes(await gql('query ($o: ID!) { hospitalPerformance(organizationId: $o) { count } }', { o }, apiKey))).toEqual(['FORBIDDEN'])
      expect(codes(await gql('mutation ($o: ID!) { setHospitalRegion(organizationId: $o, region: "US-NY") }', { o }, apiKey))).toEqual(['FORBIDDEN'])
      expect(codes(await gql('mutation ($i: StandardPriceInput!) { setStandardPrice(input: $i) { region } }', { i: { organizationId: o, rxnorm: '308182', unitPrice: 1, currency: 'USD' } }, apiKey))).toEqual(['FORBIDDEN'])
    }
    expect(codes(await gql('query ($d: ID!) { doctorPerformance(practitionerId: $d) { count } }', { d: doctorD.id }, apiKey))).toEqual(['FORBIDDEN'])
    expect(codes(await gql('query ($d: ID!) { doctorPerformance(practitionerId: $d) { count } }', { d: doctorE.id }, apiKey))).toEqual(['FORBIDDEN'])
    expect(codes(await gql('mutation ($i: ReviewEncounterInput!) { reviewEncounter(input: $i) { entryIndex } }', { i: { encounterId: rec.encounter, attitude: 1, outcome: 1 } }, apiKey))).toEqual(['FORBIDDEN'])
  })
})

describe('bounded prescription monitoring (review fix)', () => {
  it('refuses a range with more prescriptions than one call decrypts, and serves a narrower one', async () => {
    const q = 'query ($o: ID!, $f: String, $t: String) { prescriptionMonitoring(organizationId: $o, from: $f, to: $t) { total } }'
    const saved = MONITORING_LIMITS.maxPrescriptions
    MONITORING_LIMITS.maxPrescriptions = 2
    try {
      expect(codes(await gql(q, { o: orgB }, adminB.who))).toEqual(['BAD_USER_INPUT'])
      const narrow = await ok<{ prescriptionMonitoring: { total: number } }>(gql, q, { o: orgA, f: '2026-10-01', t: '2026-11-30' }, adminA.who)
      expect(narrow.prescriptionMonitoring.total).toBe(2)
    } finally {
      MONITORING_LIMITS.maxPrescriptions = saved
    }
  })
})
