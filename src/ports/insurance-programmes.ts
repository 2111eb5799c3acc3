/**
 * Insurer programmes and bills: plans, enrolments (with the patient's enrolment signature, also in the ledger
 * as PlanEnrolled), the programme's copy of the wearable and medication resources a patient submitted (keyed
 * by their record id), and bills. Payments are token entries in the ledger; whether a reward or a bill is
 * paid is read from the TokenBank by ref. Two adapters: SQLite (`<data folder>/research-insurance.db`) and
 * PostgreSQL.
 */
import type { CoverageRules, PlanRules } from '../core/insurance/index.ts'

/** An InsurancePlan. */
export interface PlanRow extends PlanRules, CoverageRules {
  id: string
  insurerAccountId: string
  name: string
  reward: number
  createdAt: number
}

/** A PlanEnrolment. */
export interface EnrolmentRow {
  id: string
  planId: string
  patientId: string
  enrolledAt: number
  /** The PlanEnrolled ledger entry (the signed consent). */
  ledgerIndex: number
}

export type BillStatus = 'PAID' | 'OPEN_INSUFFICIENT_FUNDS'

/** A Bill. */
export interface BillRow {
  id: string
  patientId: string
  organizationId: string
  encounterRecordId: string
  total: number
  insurerShare: number
  patientShare: number
  /** The insurer's token account when a plan covers part of the bill. */
  insurer: string | null
  status: BillStatus
  claim: unknown
  createdAt: number
}

/** The insurance store port; every method is asynchronous. */
export interface InsuranceProgrammes {
  insertPlan(p: PlanRow): Promise<PlanRow>
  plan(id: string): Promise<PlanRow | undefined>
  /** Every plan, oldest first. */
  plans(): Promise<PlanRow[]>
  /** Inserts an enrolment; returns the existing one when the patient is already enrolled in the plan. */
  enrol(e: EnrolmentRow): Promise<EnrolmentRow>
  enrolmentOf(planId: string, patientId: string): Promise<EnrolmentRow | undefined>
  enrolment(id: string): Promise<EnrolmentRow | undefined>
  enrolmentsOfPatient(patientId: string): Promise<EnrolmentRow[]>
  enrolmentsOfPlan(planId: string): Promise<EnrolmentRow[]>
  /** Keeps submitted resources by record id (a resubmitted record replaces its copy), all or nothing. */
  addProgrammeData(enrolmentId: string, items: Array<{ recordId: string, resource: unknown }>): Promise<void>
  programmeData(enrolmentId: string): Promise<unknown[]>
  /**
   * Inserts a bill.
   * @throws MedledgerError CONFLICT (reason ALREADY_DONE) when its encounter is billed already
   */
  insertBill(b: BillRow): Promise<BillRow>
  /** Removes an unpaid bill whose Claim could not be written. */
  deleteBill(id: string): Promise<void>
  bill(id: string): Promise<BillRow | undefined>
  billOfEncounter(encounterRecordId: string): Promise<BillRow | undefined>
  setBillStatus(id: string, status: BillStatus): Promise<void>
  /**
   * Runs `fn` as the only enroller: within the process for SQLite, across the processes sharing the
   * database for PostgreSQL (check, ledger append, insert). Resolves or rejects as `fn` does.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>
  close(): void
}
