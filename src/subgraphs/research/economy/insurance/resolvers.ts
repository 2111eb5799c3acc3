/** Insurer programmes (plans, signed enrolment, wearable data, rewards) and automatic billing. */
import { recoverSigner } from '../../../../core/consent/index.ts'
import type { TypedDataRequest } from '../../../../core/consent/index.ts'
import { makeError } from '../../../../core/errors.ts'
import { checkCoverageRules, checkPlanRules, dayOfInstant, enrolmentTypedData, firstDayOf, parseEnrolmentTypedData, WEARABLE_TYPES } from '../../../../core/insurance/index.ts'
import { MAX_TOKEN_SUPPLY } from '../../../../core/tokens/index.ts'
import { uuid } from '../../../../core/ids.ts'
import type { SubgraphContext } from '../../../context.ts'
import { signatureExpiry, signatureNonce, signingRequest, assertSignatureWindow } from '../../../signature-window.ts'
import { patientWallet } from '../../../consent/patient-wallet.ts'
import { patientKey } from '../../../records/patient-keys.ts'
import type { Resolvers } from '../../resolvers-types.generated.ts'
import { accountOf, requireRole, tokenAmount } from '../tokens/accounts.ts'
import { billShares, claimOf, coveringPlan, payBill } from './billing.ts'
import { insuranceStore, insurerOf, payRewardIfDue, progressOf, rewardPaid } from './programme.ts'
import type { BillRow, EnrolmentRow } from './store.ts'
import { requireDataDir } from '../../../data-dir.ts'

type Q = NonNullable<Resolvers['Query']>
type M = NonNullable<Resolvers['Mutation']>

export const insuranceResolvers: Pick<Resolvers, 'InsurancePlan' | 'PlanEnrolment'> & {
  Query: Pick<Q, 'insurancePlans' | 'enrolmentToSign' | 'myEnrolments' | 'planEnrolments' | 'bill'>
  Mutation: Pick<M, 'createInsurancePlan' | 'enrolInPlan' | 'recordWearable' | 'billEncounter' | 'payBill'>
} = {
  Query: {
    insurancePlans: async (_p, _a, ctx) => {
      accountOf(ctx)
      return insuranceStore(ctx.services).plans()
    },
    enrolmentToSign: async (_p, { planId, validForSeconds }, ctx) => {
      const patientId = patientOf(ctx)
      if (await insuranceStore(ctx.services).plan(planId) === undefined) throw makeError('no such plan', 'NOT_FOUND')
      const typedData = enrolmentTypedData({ plan: planId, patient: patientId, nonce: signatureNonce(ctx), expiry: signatureExpiry(ctx, validForSeconds) })
      return signingRequest(typedData)
    },
    myEnrolments: async (_p, _a, ctx) => {
      const rows = await insuranceStore(ctx.services).enrolmentsOfPatient(patientOf(ctx))
      for (const e of rows) await payRewardIfDue(ctx.services, e)
      return rows
    },
    planEnrolments: async (_p, { planId }, ctx) => {
      const viewer = requireRole(ctx, 'INSURER')
      const plan = await insuranceStore(ctx.services).plan(planId)
      if (plan === undefined || plan.insurerAccountId !== viewer.accountId) throw makeError('no such plan of yours', 'NOT_FOUND')
      return insuranceStore(ctx.services).enrolmentsOfPlan(planId)
    },
    bill: async (_p, { id }, ctx) => {
      const bill = await insuranceStore(ctx.services).bill(id)
      return bill !== undefined && maySeeBill(ctx, bill) ? bill : null
    }
  },
  Mutation: {
    createInsurancePlan: async (_p, { input }, ctx) => {
      const viewer = requireRole(ctx, 'INSURER')
      if (input.name.trim() === '' || input.name.length > 200) throw makeError('name must be 1 to 200 characters', 'BAD_INPUT')
      const rules = { minDailySteps: input.minDailySteps ?? 8000, days: input.days ?? 30, minAdherencePercent: input.minAdherencePercent ?? 80 }
      const coverage = { coveragePercent: input.coveragePercent ?? 0, coverageLimitPerClaim: input.coverageLimitPerClaim ?? 0 }
      try {
        checkPlanRules(rules)
        checkCoverageRules(coverage)
      } catch (err) {
        throw makeError((err as Error).message, 'BAD_INPUT')
      }
      return insuranceStore(ctx.services).insertPlan({
        id: uuid(ctx.services.rng), insurerAccountId: viewer.accountId, name: input.name, ...rules, ...coverage, reward: tokenAmount(input.reward, 'reward'), createdAt: ctx.services.clock.now()
      })
    },
    enrolInPlan: async (_p, { typedData, signature }, ctx) => {
      const patientId = patientOf(ctx)
      const parsed = parseEnrolmentTypedData(typedData)
      const m = parsed.message
      if (m.patient !== patientId) throw makeError('the enrolment names another patient', 'FORBIDDEN')
      assertSignatureWindow(ctx, m.expiry)
      const signer = recoverSigner(parsed as unknown as TypedDataRequest, signature)
      if (signer !== patientWallet(ctx.services, patientId)) throw makeError('not signed by the patient\'s wallet', 'FORBIDDEN')
      const store = insuranceStore(ctx.services)
      const plan = await store.plan(m.plan)
      if (plan === undefined) throw makeError('no such plan', 'NOT_FOUND')
      // One at a time: two concurrent enrolments would both append PlanEnrolled, and the second insert fail.
      return store.exclusive(async () => {
        const existing = await store.enrolmentOf(plan.id, patientId)
        if (existing !== undefined) return existing
        const data = writer(ctx)
        const now = ctx.services.clock.now()
        const [index] = await data.ledger.append([{
          type: 'PlanEnrolled', time: now, planId: plan.id, insurer: insurerOf(plan), patientId, purpose: m.purpose, nonce: m.nonce, expiry: m.expiry, signer, signature
        }])
        return store.enrol({ id: uuid(ctx.services.rng), planId: plan.id, patientId, enrolledAt: now, ledgerIndex: index! })
      })
    },
    recordWearable: async (_p, { enrolmentId, resources }, ctx) => {
      const patientId = patientOf(ctx)
      const store = insuranceStore(ctx.services)
      const enrolment = await store.enrolment(enrolmentId)
      if (enrolment === undefined || enrolment.patientId !== patientId) throw makeError('no such enrolment of yours', 'NOT_FOUND')
      if (resources.length === 0 || resources.length > 500) throw makeError('send 1 to 500 resources', 'BAD_INPUT')
      for (const r of resources) {
        const type = (r as { resourceType?: unknown } | null)?.resourceType
        if (typeof type !== 'string' || !WEARABLE_TYPES.has(type)) throw makeError('resources must be Observation, MedicationDispense or MedicationStatement', 'BAD_INPUT')
        // Data about days still to come cannot count towards a programme.
        const day = firstDayOf(r)
        if (day === undefined || day > dayOfInstant(ctx.services.clock.now())) throw makeError('each resource needs a date, not in the future', 'BAD_INPUT')
      }
      const data = writer(ctx)
      const patient = patientKey(ctx.services, patientId)
      const rows = await data.spine.write(resources.map((resource) => ({ patient, resource })), { actor: `account:${accountOf(ctx).accountId}` })
      await store.addProgrammeData(enrolment.id, rows.map((row, i) => ({ recordId: row.recordId, resource: resources[i] })))
      await payRewardIfDue(ctx.services, enrolment)
      return enrolment
    },
    billEncounter: async (_p, { organizationId, encounterRecordId, items }, ctx) => {
      const viewer = requireRole(ctx, 'HOSPITAL_ADMIN')
      if (!viewer.organizationIds.includes(organizationId)) throw makeError('only an admin of the organization bills for it', 'FORBIDDEN')
      if (!viewer.verifiedOrganizationIds.includes(organizationId)) throw makeError('only a verified organization bills; yours is not verified (ask a regulator)', 'FORBIDDEN', { reason: 'ORGANIZATION_NOT_VERIFIED' })
      if (items.length === 0 || items.length > 100) throw makeError('a bill has 1 to 100 items', 'BAD_INPUT')
      for (const item of items) {
        tokenAmount(item.amount, 'item amount')
        if (item.code.trim() === '' || item.code.length > 100) throw makeError('item code must be 1 to 100 characters', 'BAD_INPUT')
      }
      const total = items.reduce((s, i) => s + i.amount, 0)
      // Every token amount must stay a GraphQL Int (and a bill above the whole supply could never be paid).
      if (total > MAX_TOKEN_SUPPLY) throw makeError('bill total too large', 'BAD_INPUT')
      const data = writer(ctx)
      const row = data.index.record(encounterRecordId)
      // An encounter of another organization reads as not found: billing reveals nothing about it.
      const notFound = makeError('no such encounter of this organization', 'NOT_FOUND')
      if (row === undefined || row.resourceType !== 'Encounter') throw notFound
      const { resource } = await data.spine.read(encounterRecordId)
      const provider = (resource as { serviceProvider?: { reference?: unknown } }).serviceProvider?.reference
      if (provider !== `Organization/${organizationId}`) throw notFound
      const store = insuranceStore(ctx.services)
      const plan = await coveringPlan(ctx.services, row.patientId)
      const shares = billShares(total, plan)
      const base = {
        id: uuid(ctx.services.rng), patientId: row.patientId, organizationId, encounterRecordId, total,
        insurerShare: shares.insurer, patientShare: shares.patient, insurer: plan === undefined ? null : insurerOf(plan), createdAt: ctx.services.clock.now()
      }
      const claim = claimOf(base, items, plan)
      // The insert is the check: of two concurrent bills for one encounter (in any process), the second fails
      // here (CONFLICT ALREADY_DONE) instead of writing a second Claim into the patient's record.
      const bill = await store.insertBill({ ...base, claim, status: 'OPEN_INSUFFICIENT_FUNDS' })
      try {
        await data.spine.write([{ patient: patientKey(ctx.services, row.patientId), resource: claim }], { actor: `account:${viewer.accountId}` })
      } catch (err) {
        await store.deleteBill(bill.id)
        throw err
      }
      return payBill(ctx.services, bill)
    },
    payBill: async (_p, { id }, ctx) => {
      accountOf(ctx)
      const bill = await insuranceStore(ctx.services).bill(id)
      if (bill === undefined || !maySeeBill(ctx, bill)) throw makeError('no such bill', 'NOT_FOUND')
      if (bill.status === 'PAID') throw makeError('the bill is paid already; nothing was paid twice', 'CONFLICT', { reason: 'ALREADY_DONE' })
      return payBill(ctx.services, bill)
    }
  },
  InsurancePlan: {
    insurer: (p) => insurerOf(p)
  },
  PlanEnrolment: {
    plan: async (e, _a, ctx) => (await insuranceStore(ctx.services).plan(e.planId))!,
    enrolledAt: (e) => e.enrolledAt,
    status: async (e, _a, ctx) => (await progressOf(ctx.services, e)).status,
    progress: (e, _a, ctx) => progressOf(ctx.services, e),
    rewardPaid: (e: EnrolmentRow, _a, ctx) => rewardPaid(ctx.services, e.id)
  }
}

function maySeeBill (ctx: SubgraphContext, bill: BillRow): boolean {
  const viewer = accountOf(ctx)
  return viewer.patientId === bill.patientId ||
    (viewer.roles.includes('HOSPITAL_ADMIN') && viewer.organizationIds.includes(bill.organizationId)) ||
    bill.insurer === `account:${viewer.accountId}`
}

function patientOf (ctx: SubgraphContext): string {
  const viewer = accountOf(ctx)
  if (viewer.patientId === undefined) throw makeError('only a registered patient may do this', 'FORBIDDEN')
  return viewer.patientId
}

function writer (ctx: SubgraphContext): NonNullable<SubgraphContext['services']['data']> {
  return requireDataDir(ctx.services, 'insurer programmes and bills')
}
