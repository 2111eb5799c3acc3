/**
 * Adherence programmes: progress of an enrolment from the data submitted for it, and the reward — a transfer
 * from the insurer's account to the patient's (ref `plan-reward:<enrolmentId>`, so it is paid once). A
 * completion the insurer cannot pay yet stays unpaid and is retried on the next submission or read.
 */
import { dayOfInstant, extractDailyFacts, planProgress } from '../../../../core/insurance/index.ts'
import type { PlanProgress } from '../../../../core/insurance/index.ts'
import { InsufficientFundsError } from '../../../../core/tokens/index.ts'
import type { Services } from '../../../context.ts'
import { moveTokens, tokenBank } from '../tokens/bank.ts'
import { openSqliteInsuranceProgrammes } from '../../../../adapters/sqlite/insurance-store.ts'
import { openPostgresInsuranceProgrammes } from '../../../../adapters/postgres/insurance-programmes.ts'
import type { InsuranceProgrammes } from '../../../../ports/insurance-programmes.ts'
import type { EnrolmentRow, PlanRow } from './store.ts'

/** This process's insurance store: PostgreSQL when the services have a pool, else research-insurance.db. */
export function insuranceStore (services: Pick<Services, 'store' | 'postgres'>): InsuranceProgrammes {
  const pool = services.postgres
  if (pool !== undefined) return services.store('research-insurance-pg', () => openPostgresInsuranceProgrammes(pool))
  return services.store('research-insurance', (file) => openSqliteInsuranceProgrammes(file))
}

/** The insurer's token account of a plan. */
export function insurerOf (plan: Pick<PlanRow, 'insurerAccountId'>): string {
  return `account:${plan.insurerAccountId}`
}

/** The ref of an enrolment's reward. */
export function rewardRef (enrolmentId: string): string {
  return `plan-reward:${enrolmentId}`
}

/** An enrolment's progress today, from everything submitted for it. */
export async function progressOf (services: Pick<Services, 'store' | 'clock' | 'postgres'>, enrolment: EnrolmentRow): Promise<PlanProgress> {
  const store = insuranceStore(services)
  const plan = (await store.plan(enrolment.planId))!
  const facts = extractDailyFacts(await store.programmeData(enrolment.id))
  return planProgress(plan, dayOfInstant(enrolment.enrolledAt), dayOfInstant(services.clock.now()), facts)
}

/** True once the enrolment's reward is in the ledger. */
export async function rewardPaid (services: Pick<Services, 'store' | 'ledger' | 'postgres'>, enrolmentId: string): Promise<boolean> {
  return (await tokenBank(services)).hasRef(rewardRef(enrolmentId))
}

/**
 * Pays the reward of a completed enrolment once (no-op when not completed or already paid; an insurer
 * without enough tokens leaves it unpaid). Returns whether it is paid afterwards.
 * @throws whatever moveTokens throws except InsufficientFundsError
 */
export async function payRewardIfDue (services: Services, enrolment: EnrolmentRow): Promise<boolean> {
  if (await rewardPaid(services, enrolment.id)) return true
  if ((await progressOf(services, enrolment)).status !== 'COMPLETED' || services.data === undefined) return false
  const plan = (await insuranceStore(services).plan(enrolment.planId))!
  try {
    await moveTokens(services, [{
      type: 'TokensTransferred', from: insurerOf(plan), to: `patient:${enrolment.patientId}`, amount: plan.reward, reason: 'plan-reward', ref: rewardRef(enrolment.id), actor: 'system:insurance'
    }])
    return true
  } catch (err) {
    if (err instanceof InsufficientFundsError) return false
    throw err
  }
}
