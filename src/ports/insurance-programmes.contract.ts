/**
 * The contract every {@link InsuranceProgrammes} passes (SQLite and PostgreSQL adapters alike):
 * `insuranceProgrammesContract('sqlite', make)` from a `*.int.test.ts` file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isError } from '../core/errors.ts'
import type { BillRow, InsuranceProgrammes, PlanRow } from './insurance-programmes.ts'

/** A fresh, empty store; `reopen` opens a second handle on the same storage (another process's view). */
export type MakeInsuranceProgrammes = () => Promise<{ store: InsuranceProgrammes, reopen(): Promise<InsuranceProgrammes>, cleanup(): Promise<void> }>

const T = 1_700_000_000_000
const plan = (id: string, createdAt = T): PlanRow => ({
  id, insurerAccountId: 'ins', name: `plan ${id}`, minDailySteps: 8000, days: 30, minAdherencePercent: 80, reward: 100, coveragePercent: 50, coverageLimitPerClaim: 500, createdAt
})
const bill = (id: string, encounter: string): BillRow => ({
  id, patientId: 'p1', organizationId: 'o1', encounterRecordId: encounter, total: 300, insurerShare: 150, patientShare: 150, insurer: 'account:ins',
  status: 'OPEN_INSUFFICIENT_FUNDS', claim: { resourceType: 'Claim', id }, createdAt: T
})

/** Defines the InsuranceProgrammes contract tests for `name`; each test gets its own store from `make`. */
export function insuranceProgrammesContract (name: string, make: MakeInsuranceProgrammes): void {
  describe(`InsuranceProgrammes contract: ${name}`, () => {
    let made: Awaited<ReturnType<MakeInsuranceProgrammes>>
    let store: InsuranceProgrammes
    beforeEach(async () => { made = await make(); store = made.store })
    afterEach(async () => { await made.cleanup() })

    it('keeps plans, oldest first', async () => {
      expect(await store.insertPlan(plan('b', T + 1))).toEqual(plan('b', T + 1))
      await store.insertPlan(plan('a', T + 1))
      await store.insertPlan(plan('z'))
      expect((await store.plans()).map((p) => p.id)).toEqual(['z', 'a', 'b'])
      expect(await store.plan('nope')).toBeUndefined()
    })

    it('enrols a patient once per plan and finds enrolments by id, patient and plan', async () => {
      await store.insertPlan(plan('p'))
      const first = await store.enrol({ id: 'e1', planId: 'p', patientId: 'pat', enrolledAt: T, ledgerIndex: 4 })
      expect(await store.enrol({ id: 'e2', planId: 'p', patientId: 'pat', enrolledAt: T + 1, ledgerIndex: 9 })).toEqual(first)
      expect(first).toEqual({ id: 'e1', planId: 'p', patientId: 'pat', enrolledAt: T, ledgerIndex: 4 })
      await store.enrol({ id: 'e3', planId: 'p', patientId: 'other', enrolledAt: T + 2, ledgerIndex: 5 })
      expect(await store.enrolment('e1')).toEqual(first)
      expect(await store.enrolmentOf('p', 'pat')).toEqual(first)
      expect((await store.enrolmentsOfPatient('pat')).map((e) => e.id)).toEqual(['e1'])
      expect((await store.enrolmentsOfPlan('p')).map((e) => e.id)).toEqual(['e1', 'e3'])
    })

    it('keeps programme data by record id, a resubmission replacing its copy', async () => {
      await store.insertPlan(plan('p'))
      await store.enrol({ id: 'e1', planId: 'p', patientId: 'pat', enrolledAt: T, ledgerIndex: 0 })
      await store.addProgrammeData('e1', [{ recordId: 'r1', resource: { v: 1 } }, { recordId: 'r2', resource: { v: 2 } }])
      await store.addProgrammeData('e1', [{ recordId: 'r1', resource: { v: 3 } }])
      expect((await store.programmeData('e1')).map((r) => (r as { v: number }).v).sort()).toEqual([2, 3])
      expect(await store.programmeData('e2')).toEqual([])
    })

    it('bills an encounter once (CONFLICT ALREADY_DONE), deletes only unpaid bills', async () => {
      expect(await store.insertBill(bill('b1', 'enc1'))).toEqual(bill('b1', 'enc1'))
      const err = await store.insertBill(bill('b2', 'enc1')).then(() => undefined, (e: unknown) => e)
      expect(isError(err, 'CONFLICT')).toBe(true)
      expect(await store.billOfEncounter('enc1')).toEqual(bill('b1', 'enc1'))
      await store.setBillStatus('b1', 'PAID')
      await store.deleteBill('b1')
      expect((await store.bill('b1'))!.status).toBe('PAID')
      await store.insertBill(bill('b3', 'enc3'))
      await store.deleteBill('b3')
      expect(await store.bill('b3')).toBeUndefined()
    })

    it('is shared by a second handle, and admits one exclusive turn at a time', async () => {
      await store.insertPlan(plan('p'))
      const second = await made.reopen()
      try {
        expect((await second.plan('p'))!.name).toBe('plan p')
        // two handles racing to bill one encounter: exactly one wins
        const race = await Promise.allSettled([store.insertBill(bill('x1', 'enc9')), second.insertBill(bill('x2', 'enc9'))])
        expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
        let inside = 0
        let most = 0
        const turn = async (s: InsuranceProgrammes): Promise<void> => s.exclusive(async () => {
          inside++
          most = Math.max(most, inside)
          await new Promise((resolve) => setTimeout(resolve, 2))
          inside--
        })
        await Promise.all(Array.from({ length: 10 }, async (_, i) => turn(i % 2 === 0 ? store : second)))
        if (name === 'postgres') expect(most).toBe(1) // across handles only where the store is shared by processes
      } finally { second.close() }
    })
  })
}
