// Acceptance of insurer programmes and automatic billing over HTTP through the gateway, with an
// injected clock: an INSURER defines a plan (≥ 8,000 steps a day for 30 days, adherence ≥ 80 %), a patient
// enrols with an EIP-712 signature (ledger PlanEnrolled), wearable Observations and MedicationDispenses
// arrive by mutation, completion pays the reward once from the insurer's account; a hospital bills an
// encounter as a FHIR Claim that is paid by coverage rules, stays open when funds are short, and is paid on retry.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TypedDataRequest } from '../../src/core/consent/index.ts'
import { isoDay } from '../../src/core/insurance/index.ts'
import { signTypedData } from '../../src/subgraphs/consent/test-kit.ts'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { identityStore } from '../../src/subgraphs/identity/store.ts'
import { tokenBank } from '../../src/subgraphs/research/economy/tokens/bank.ts'
import { creditReward } from '../../src/subgraphs/research/economy/tokens/reward.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { codes, reasons } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'
import { client, login, ok } from './consent-helpers.ts'
import type { Credential, TestWallet } from './consent-helpers.ts'
import { verifyOrganization } from '../support/trust.ts'

const DAY = 86_400_000
const tmp = tempDir('medledger-insurance-')
const clock = { t: Date.parse('2026-03-01T15:00:00Z'), now () { return this.t } }
const startDay = Math.floor(clock.t / DAY)
let services: Awaited<ReturnType<typeof openServices>>
let gw: RunningServer
const gql = client(() => gw.url)

interface Actor { wallet: TestWallet, who: Credential, id: string }
const actor = (): Actor => ({ wallet: Wallet.createRandom(), who: undefined, id: '' })
const patient = actor()
const other = actor()
const insurer = actor()
const rival = actor()
const admin = actor()
const otherAdmin = actor()
let org = ''
let otherOrg = ''
let planId = ''
let enrolmentId = ''
let encounterId = ''

async function signIn (): Promise<void> {
  for (const a of [patient, other, insurer, rival, admin, otherAdmin]) {
    const l = await login(gql, a.wallet)
    a.who = { bearer: l.bearer }
    if (a.id === '') a.id = l.accountId
  }
}
async function advance (ms: number): Promise<void> {
  clock.t += ms
  await signIn()
}

const steps = (day: number, value: number, code = '41950-7'): Record<string, unknown> => ({
  resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code }] }, effectiveDateTime: `${isoDay(day)}T21:00:00+01:00`, valueQuantity: { value, unit: 'steps' }
})
const ENROLMENT = 'id status rewardPaid progress { stepDaysMet adherencePercent daysElapsed } plan { id insurer }'
type Enrolment = { id: string, status: string, rewardPaid: boolean, progress: { stepDaysMet: number, adherencePercent: number, daysElapsed: number } }
const RECORD = `mutation ($e: ID!, $r: [JSON!]!) { recordWearable(enrolmentId: $e, resources: $r) { ${ENROLMENT} } }`
const balance = async (account: string): Promise<number> => (await tokenBank(services)).balance(account)

beforeAll(async () => {
  services = await openServices({ dataDir: tmp.dir, ownsData: true, clock, sealIntervalMs: 50, fsync: false })
  gw = await createGateway({ services, port: 0 })
  await signIn()
  for (const p of [patient, other]) p.id = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, p.who)).registerPatient.id
  identityStore(services).grantRole(insurer.id, 'INSURER')
  identityStore(services).grantRole(rival.id, 'INSURER')
  org = (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation { registerOrganization(input: { name: "St Mary" }) { id } }', {}, admin.who)).registerOrganization.id
  otherOrg = (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation { registerOrganization(input: { name: "St Elsewhere" }) { id } }', {}, otherAdmin.who)).registerOrganization.id
  for (const o of [org, otherOrg]) verifyOrganization(services, o)
})
afterAll(async () => {
  await gw?.stop()
  await services?.close()
  tmp.cleanup()
})

describe('insurer programmes', () => {
  it('lets only an INSURER define a plan, with checked rules', async () => {
    const CREATE = 'mutation ($i: InsurancePlanInput!) { createInsurancePlan(input: $i) { id insurer minDailySteps days minAdherencePercent reward coveragePercent coverageLimitPerClaim } }'
    const input = { name: 'Walk 30', reward: 100, coveragePercent: 80, coverageLimitPerClaim: 500 }
    expect(codes(await gql(CREATE, { i: input }, patient.who))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(CREATE, { i: { ...input, days: 0 } }, insurer.who))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await gql(CREATE, { i: { ...input, coveragePercent: 101 } }, insurer.who))).toEqual(['BAD_USER_INPUT'])
    const plan = (await ok<{ createInsurancePlan: { id: string } }>(gql, CREATE, { i: input }, insurer.who)).createInsurancePlan
    expect(plan).toMatchObject({ insurer: `account:${insurer.id}`, minDailySteps: 8000, days: 30, minAdherencePercent: 80, reward: 100 })
    planId = plan.id
    await ok(gql, 'mutation { depositTokens(amount: 1000, ref: "wire-1") { balance } }', {}, insurer.who)
  })

  it('enrols a patient with their signature only', async () => {
    const TO_SIGN = 'query ($p: ID!) { enrolmentToSign(planId: $p) { typedData } }'
    expect(codes(await gql(TO_SIGN, { p: planId }, insurer.who))).toEqual(['FORBIDDEN'])
    const t = (await ok<{ enrolmentToSign: { typedData: TypedDataRequest } }>(gql, TO_SIGN, { p: planId }, patient.who)).enrolmentToSign.typedData
    expect(t.message).toMatchObject({ plan: planId, patient: patient.id, purpose: 'HPAYMT' })
    const ENROL = `mutation ($t: JSON!, $s: String!) { enrolInPlan(typedData: $t, signature: $s) { ${ENROLMENT} } }`
    expect(codes(await gql(ENROL, { t, s: await signTypedData(Wallet.createRandom(), t) }, patient.who))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(ENROL, { t, s: await signTypedData(patient.wallet, t) }, other.who))).toEqual(['FORBIDDEN'])
    const e = (await ok<{ enrolInPlan: Enrolment }>(gql, ENROL, { t, s: await signTypedData(patient.wallet, t) }, patient.who)).enrolInPlan
    expect(e).toMatchObject({ status: 'IN_PROGRESS', rewardPaid: false })
    enrolmentId = e.id
    const entry = [...services.ledger.entries()].find(({ entry }) => entry.type === 'PlanEnrolled')?.entry
    expect(entry).toMatchObject({ planId, patientId: patient.id, purpose: 'HPAYMT', signer: patient.wallet.address })
  })

  it('refuses future-dated data, other resources and other patients', async () => {
    expect(codes(await gql(RECORD, { e: enrolmentId, r: [steps(startDay + 1, 9000)] }, patient.who))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await gql(RECORD, { e: enrolmentId, r: [{ resourceType: 'Condition' }] }, patient.who))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await gql(RECORD, { e: enrolmentId, r: [steps(startDay, 9000)] }, other.who))).toEqual(['NOT_FOUND'])
  })

  it('pays the reward once, from the insurer, when 30 days of steps and 80 % adherence are in', async () => {
    await advance(9 * DAY)
    const first = Array.from({ length: 10 }, (_, i) => steps(startDay + i, 9000 + i))
    const dispense = { resourceType: 'MedicationDispense', status: 'completed', whenHandedOver: isoDay(startDay), daysSupply: { value: 24, unit: 'd' } }
    const e1 = (await ok<{ recordWearable: Enrolment }>(gql, RECORD, { e: enrolmentId, r: [...first, dispense] }, patient.who)).recordWearable
    expect(e1).toMatchObject({ status: 'IN_PROGRESS', rewardPaid: false, progress: { stepDaysMet: 10, adherencePercent: 80, daysElapsed: 10 } })
    expect(await balance(`patient:${patient.id}`)).toBe(0)

    await advance(20 * DAY)
    const rest = Array.from({ length: 19 }, (_, i) => steps(startDay + 10 + i, 8000))
    const samples = [steps(startDay + 29, 5000, '55423-8'), steps(startDay + 29, 3000, '55423-8')]
    const e2 = (await ok<{ recordWearable: Enrolment }>(gql, RECORD, { e: enrolmentId, r: [...rest, ...samples] }, patient.who)).recordWearable
    expect(e2).toMatchObject({ status: 'COMPLETED', rewardPaid: true, progress: { stepDaysMet: 30, adherencePercent: 80 } })
    expect(await balance(`patient:${patient.id}`)).toBe(100)
    expect(await balance(`account:${insurer.id}`)).toBe(900)
    await ok(gql, RECORD, { e: enrolmentId, r: [steps(startDay + 29, 12000)] }, patient.who)
    expect((await ok<{ myEnrolments: Enrolment[] }>(gql, `{ myEnrolments { ${ENROLMENT} } }`, {}, patient.who)).myEnrolments).toHaveLength(1)
    expect(await balance(`patient:${patient.id}`)).toBe(100)
    // The data went into the patient's own record too.
    expect(services.data!.index.byPatient(patient.id, { resourceType: 'Observation' }).length).toBe(32)
    expect(services.data!.index.byPatient(patient.id, { resourceType: 'MedicationDispense' }).length).toBe(1)
  })

  it('shows a plan\'s enrolments to its own insurer only', async () => {
    const Q = `query ($p: ID!) { planEnrolments(planId: $p) { ${ENROLMENT} } }`
    expect((await ok<{ planEnrolments: Enrolment[] }>(gql, Q, { p: planId }, insurer.who)).planEnrolments.map((e) => e.id)).toEqual([enrolmentId])
    expect(codes(await gql(Q, { p: planId }, rival.who))).toEqual(['NOT_FOUND'])
    expect(codes(await gql(Q, { p: planId }, patient.who))).toEqual(['FORBIDDEN'])
  })
})

describe('automatic billing', () => {
  const BILL = 'mutation ($o: ID!, $e: ID!, $i: [BillItemInput!]!) { billEncounter(organizationId: $o, encounterRecordId: $e, items: $i) { id status total insurerShare patientShare insurer claim } }'
  const items = [{ code: '185349003', display: 'Encounter for check up', amount: 600 }, { code: '430193006', amount: 400 }]
  type Bill = { id: string, status: string, total: number, insurerShare: number, patientShare: number, insurer: string | null, claim: Record<string, unknown> }

  it('bills an encounter as a Claim paid by coverage rules; short funds leave it open until a retry succeeds', async () => {
    encounterId = (await ok<{ createRecord: { id: string } }>(gql, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }',
      { p: patient.id, f: { resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, period: { start: isoDay(startDay + 29) }, serviceProvider: { reference: `Organization/${org}` } } }, patient.who)).createRecord.id
    expect(codes(await gql(BILL, { o: org, e: encounterId, i: items }, otherAdmin.who))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(BILL, { o: otherOrg, e: encounterId, i: items }, otherAdmin.who))).toEqual(['NOT_FOUND'])
    expect(codes(await gql(BILL, { o: org, e: encounterId, i: items }, patient.who))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(BILL, { o: org, e: encounterId, i: [{ code: 'x', amount: -1 }] }, admin.who))).toEqual(['BAD_USER_INPUT'])

    const bill = (await ok<{ billEncounter: Bill }>(gql, BILL, { o: org, e: encounterId, i: items }, admin.who)).billEncounter
    // 80 % of 1000 is 800, capped at 500 per claim; the patient owes 500 but holds 100.
    expect(bill).toMatchObject({ status: 'OPEN_INSUFFICIENT_FUNDS', total: 1000, insurerShare: 500, patientShare: 500, insurer: `account:${insurer.id}` })
    expect(bill.claim).toMatchObject({ resourceType: 'Claim', use: 'claim', patient: { reference: `Patient/${patient.id}` }, provider: { reference: `Organization/${org}` }, total: { value: 1000 } })
    expect((bill.claim.item as unknown[]).length).toBe(2)
    expect([await balance(`patient:${patient.id}`), await balance(`account:${insurer.id}`), await balance(`org:${org}`)]).toEqual([100, 900, 0])
    expect(codes(await gql(BILL, { o: org, e: encounterId, i: items }, admin.who))).toEqual(['CONFLICT'])

    await creditReward(services, { account: `patient:${patient.id}`, amount: 400, reason: 'research-share', ref: 'share:top-up' })
    const PAY = 'mutation ($id: ID!) { payBill(id: $id) { status } }'
    expect(codes(await gql(PAY, { id: bill.id }, other.who))).toEqual(['NOT_FOUND'])
    expect((await ok<{ payBill: { status: string } }>(gql, PAY, { id: bill.id }, patient.who)).payBill.status).toBe('PAID')
    expect([await balance(`patient:${patient.id}`), await balance(`account:${insurer.id}`), await balance(`org:${org}`)]).toEqual([0, 400, 1000])
    // paying a paid bill pays nothing, and says so
    expect(reasons(await gql(PAY, { id: bill.id }, admin.who))).toEqual(['CONFLICT/ALREADY_DONE'])
    expect(await balance(`org:${org}`)).toBe(1000)

    const READ = 'query ($id: ID!) { bill(id: $id) { status } }'
    expect((await ok<{ bill: { status: string } }>(gql, READ, { id: bill.id }, insurer.who)).bill.status).toBe('PAID')
    expect((await ok<{ bill: null }>(gql, READ, { id: bill.id }, rival.who)).bill).toBeNull()
    const s = (await ok<{ tokenSupply: { circulating: number } }>(gql, '{ tokenSupply { circulating } }', {}, patient.who)).tokenSupply
    expect([...(await (await tokenBank(services)).balances()).values()].reduce((a, b) => a + b, 0)).toBe(s.circulating)
  })
})
