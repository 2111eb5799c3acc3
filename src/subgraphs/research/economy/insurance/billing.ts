/**
 * Bills. A hospital admin bills an Encounter record whose `serviceProvider` is their organization; the bill
 * is a FHIR R4 Claim written to the patient's record. Coverage: the patient's most recent enrolment in a
 * plan with coverage (coveragePercent > 0) pays `coveragePercent` of the total up to `coverageLimitPerClaim`
 * (core/insurance/coverage.ts), the patient the rest. Payment moves both shares to `org:<organizationId>` in
 * one all-or-nothing batch (refs `claim:<billId>:insurer` / `claim:<billId>:patient`); when either account
 * is short, nothing moves and the bill stays OPEN_INSUFFICIENT_FUNDS until payBill succeeds.
 * Amounts are whole tokens; the Claim's Money uses the currency code `MLT` (medledger token, not ISO 4217).
 */
import { splitBill } from '../../../../core/insurance/index.ts'
import { InsufficientFundsError } from '../../../../core/tokens/index.ts'
import type { TokenMove } from '../tokens/bank.ts'
import type { Services } from '../../../context.ts'
import { moveTokens } from '../tokens/bank.ts'
import { insuranceStore, insurerOf } from './programme.ts'
import type { BillRow, PlanRow } from './store.ts'

export const TOKEN_CURRENCY = 'MLT'

/** One billed line. */
export interface BillItem { code: string, display?: string | null, amount: number }

/** The plan that covers a patient's bills: their most recent enrolment in a plan with coverage. */
export async function coveringPlan (services: Pick<Services, 'store' | 'postgres'>, patientId: string): Promise<PlanRow | undefined> {
  const store = insuranceStore(services)
  const enrolments = await store.enrolmentsOfPatient(patientId)
  const plans = (await Promise.all(enrolments.map(async (e) => (await store.plan(e.planId))!))).filter((p) => p.coveragePercent > 0)
  return plans.at(-1)
}

/** The shares of a bill (see the module comment). */
export function billShares (total: number, plan: PlanRow | undefined): { insurer: number, patient: number } {
  return splitBill(total, plan)
}

/** A FHIR R4 Claim for the bill. */
export function claimOf (bill: Omit<BillRow, 'claim' | 'status'>, items: BillItem[], plan: PlanRow | undefined): Record<string, unknown> {
  return {
    resourceType: 'Claim',
    id: bill.id,
    status: 'active',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'institutional' }] },
    use: 'claim',
    patient: { reference: `Patient/${bill.patientId}` },
    created: new Date(bill.createdAt).toISOString(),
    provider: { reference: `Organization/${bill.organizationId}` },
    priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }] },
    insurance: [{ sequence: 1, focal: true, coverage: { display: plan === undefined ? 'self-pay' : `medledger plan ${plan.id}` } }],
    item: items.map((item, i) => ({
      sequence: i + 1,
      productOrService: { coding: [{ code: item.code, ...(item.display == null ? {} : { display: item.display }) }] },
      net: { value: item.amount, currency: TOKEN_CURRENCY },
      encounter: [{ reference: `Encounter/${bill.encounterRecordId}` }]
    })),
    total: { value: bill.total, currency: TOKEN_CURRENCY }
  }
}

/**
 * Tries to pay a bill (idempotent) and records the outcome.
 * @throws whatever moveTokens throws except InsufficientFundsError
 */
export async function payBill (services: Services, bill: BillRow): Promise<BillRow> {
  const store = insuranceStore(services)
  if (bill.status === 'PAID') return bill
  const to = `org:${bill.organizationId}`
  const moves: TokenMove[] = []
  if (bill.insurerShare > 0 && bill.insurer !== null) moves.push({ type: 'TokensTransferred', from: bill.insurer, to, amount: bill.insurerShare, reason: 'claim-payment', ref: `claim:${bill.id}:insurer`, actor: 'system:billing' })
  if (bill.patientShare > 0) moves.push({ type: 'TokensTransferred', from: `patient:${bill.patientId}`, to, amount: bill.patientShare, reason: 'claim-payment', ref: `claim:${bill.id}:patient`, actor: 'system:billing' })
  try {
    await moveTokens(services, moves)
    await store.setBillStatus(bill.id, 'PAID')
  } catch (err) {
    if (!(err instanceof InsufficientFundsError)) throw err
    await store.setBillStatus(bill.id, 'OPEN_INSUFFICIENT_FUNDS')
  }
  return (await store.bill(bill.id))!
}

export { insurerOf }
