/**
 * The SQLite {@link InsuranceProgrammes} (`<data folder>/research-insurance.db`, durable): today's store
 * unchanged, behind the asynchronous port by {@link openSqliteInsuranceProgrammes}.
 */
import type { DatabaseSync } from 'node:sqlite'
import { openMigratedDatabase } from './sqlite-db.ts'
import type { Migration } from './sqlite-db.ts'
import { rowMapper } from './row-mapper.ts'
import { makeError } from '../../core/errors.ts'
import type { BillRow, BillStatus, EnrolmentRow, InsuranceProgrammes, PlanRow } from '../../ports/insurance-programmes.ts'

export type { BillRow, BillStatus, EnrolmentRow, PlanRow } from '../../ports/insurance-programmes.ts'

const migrations: readonly Migration[] = [{
  version: 1,
  name: 'plans, enrolments, programme data, bills',
  sql: `
    CREATE TABLE plans (
      id                       TEXT    PRIMARY KEY,
      insurer_account_id       TEXT    NOT NULL,
      name                     TEXT    NOT NULL,
      min_daily_steps          INTEGER NOT NULL,
      days                     INTEGER NOT NULL,
      min_adherence_percent    INTEGER NOT NULL,
      reward                   INTEGER NOT NULL CHECK (reward > 0),
      coverage_percent         INTEGER NOT NULL,
      coverage_limit_per_claim INTEGER NOT NULL,
      created_at               INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE enrolments (
      id           TEXT    PRIMARY KEY,
      plan_id      TEXT    NOT NULL REFERENCES plans (id),
      patient_id   TEXT    NOT NULL,
      enrolled_at  INTEGER NOT NULL,
      ledger_index INTEGER NOT NULL,
      UNIQUE (plan_id, patient_id)
    ) STRICT;
    CREATE TABLE programme_data (
      enrolment_id TEXT NOT NULL REFERENCES enrolments (id),
      record_id    TEXT NOT NULL,
      resource     TEXT NOT NULL,
      PRIMARY KEY (enrolment_id, record_id)
    ) STRICT;
    CREATE TABLE bills (
      id                  TEXT    PRIMARY KEY,
      patient_id          TEXT    NOT NULL,
      organization_id     TEXT    NOT NULL,
      encounter_record_id TEXT    NOT NULL UNIQUE,
      total               INTEGER NOT NULL,
      insurer_share       INTEGER NOT NULL,
      patient_share       INTEGER NOT NULL,
      insurer             TEXT,
      status              TEXT    NOT NULL CHECK (status IN ('PAID', 'OPEN_INSUFFICIENT_FUNDS')),
      claim               TEXT    NOT NULL,
      created_at          INTEGER NOT NULL
    ) STRICT;
  `
}]

export class InsuranceStore {
  private readonly db: DatabaseSync
  constructor (file: string) {
    this.db = openMigratedDatabase(file, migrations, { synchronous: 'FULL', pragmas: ['foreign_keys = ON'] })
  }

  insertPlan (p: PlanRow): PlanRow {
    this.db.prepare('INSERT INTO plans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(p.id, p.insurerAccountId, p.name, p.minDailySteps, p.days, p.minAdherencePercent, p.reward, p.coveragePercent, p.coverageLimitPerClaim, p.createdAt)
    return this.plan(p.id)!
  }

  plan (id: string): PlanRow | undefined {
    const r = this.db.prepare('SELECT * FROM plans WHERE id = ?').get(id)
    return r === undefined ? undefined : planOf(r)
  }

  plans (): PlanRow[] {
    return this.db.prepare('SELECT * FROM plans ORDER BY created_at, id').all().map(planOf)
  }

  /** Inserts an enrolment; returns the existing one when the patient is already enrolled in the plan. */
  enrol (e: EnrolmentRow): EnrolmentRow {
    this.db.prepare('INSERT OR IGNORE INTO enrolments VALUES (?, ?, ?, ?, ?)').run(e.id, e.planId, e.patientId, e.enrolledAt, e.ledgerIndex)
    return this.enrolmentOf(e.planId, e.patientId)!
  }

  enrolmentOf (planId: string, patientId: string): EnrolmentRow | undefined {
    const r = this.db.prepare('SELECT * FROM enrolments WHERE plan_id = ? AND patient_id = ?').get(planId, patientId)
    return r === undefined ? undefined : enrolmentOf(r)
  }

  enrolment (id: string): EnrolmentRow | undefined {
    const r = this.db.prepare('SELECT * FROM enrolments WHERE id = ?').get(id)
    return r === undefined ? undefined : enrolmentOf(r)
  }

  enrolmentsOfPatient (patientId: string): EnrolmentRow[] {
    return this.db.prepare('SELECT * FROM enrolments WHERE patient_id = ? ORDER BY enrolled_at, id').all(patientId).map(enrolmentOf)
  }

  enrolmentsOfPlan (planId: string): EnrolmentRow[] {
    return this.db.prepare('SELECT * FROM enrolments WHERE plan_id = ? ORDER BY enrolled_at, id').all(planId).map(enrolmentOf)
  }

  addProgrammeData (enrolmentId: string, items: Array<{ recordId: string, resource: unknown }>): void {
    const insert = this.db.prepare('INSERT OR REPLACE INTO programme_data VALUES (?, ?, ?)')
    for (const i of items) insert.run(enrolmentId, i.recordId, JSON.stringify(i.resource))
  }

  programmeData (enrolmentId: string): unknown[] {
    return this.db.prepare('SELECT resource FROM programme_data WHERE enrolment_id = ?').all(enrolmentId).map((r) => JSON.parse(r.resource as string) as unknown)
  }

  insertBill (b: BillRow): BillRow {
    this.db.prepare('INSERT INTO bills VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(b.id, b.patientId, b.organizationId, b.encounterRecordId, b.total, b.insurerShare, b.patientShare, b.insurer, b.status, JSON.stringify(b.claim), b.createdAt)
    return this.bill(b.id)!
  }

  /** Removes an unpaid bill whose Claim could not be written (billEncounter undoes its insert). */
  deleteBill (id: string): void {
    this.db.prepare("DELETE FROM bills WHERE id = ? AND status <> 'PAID'").run(id)
  }

  bill (id: string): BillRow | undefined {
    const r = this.db.prepare('SELECT * FROM bills WHERE id = ?').get(id)
    return r === undefined ? undefined : billOf(r)
  }

  billOfEncounter (encounterRecordId: string): BillRow | undefined {
    const r = this.db.prepare('SELECT * FROM bills WHERE encounter_record_id = ?').get(encounterRecordId)
    return r === undefined ? undefined : billOf(r)
  }

  setBillStatus (id: string, status: BillStatus): void {
    this.db.prepare('UPDATE bills SET status = ? WHERE id = ?').run(status, id)
  }

  close (): void {
    if (this.db.isOpen) this.db.close()
  }
}

const planOf = rowMapper<PlanRow>({
  id: 'raw', insurerAccountId: 'raw', name: 'raw', minDailySteps: 'number', days: 'number', minAdherencePercent: 'number', reward: 'number',
  coveragePercent: 'number', coverageLimitPerClaim: 'number', createdAt: 'number'
})

const enrolmentOf = rowMapper<EnrolmentRow>({ id: 'raw', planId: 'raw', patientId: 'raw', enrolledAt: 'number', ledgerIndex: 'number' })

const billOf = rowMapper<BillRow>({
  id: 'raw', patientId: 'raw', organizationId: 'raw', encounterRecordId: 'raw', total: 'number', insurerShare: 'number', patientShare: 'number',
  insurer: 'raw', status: 'raw', claim: 'json', createdAt: 'number'
})

/** Opens (creating or migrating) the insurance store at `file` as {@link InsuranceProgrammes}. */
export function openSqliteInsuranceProgrammes (file: string): InsuranceProgrammes {
  const store = new InsuranceStore(file)
  let tail: Promise<unknown> = Promise.resolve()
  return {
    insertPlan: async (p) => store.insertPlan(p),
    plan: async (id) => store.plan(id),
    plans: async () => store.plans(),
    enrol: async (e) => store.enrol(e),
    enrolmentOf: async (planId, patientId) => store.enrolmentOf(planId, patientId),
    enrolment: async (id) => store.enrolment(id),
    enrolmentsOfPatient: async (patientId) => store.enrolmentsOfPatient(patientId),
    enrolmentsOfPlan: async (planId) => store.enrolmentsOfPlan(planId),
    addProgrammeData: async (enrolmentId, items) => { store.addProgrammeData(enrolmentId, items) },
    programmeData: async (enrolmentId) => store.programmeData(enrolmentId),
    insertBill: async (b) => {
      // check and insert in one synchronous step: no other bill for the encounter can land between them
      if (store.billOfEncounter(b.encounterRecordId) !== undefined) throw makeError('this encounter is already billed', 'CONFLICT', { reason: 'ALREADY_DONE' })
      return store.insertBill(b)
    },
    deleteBill: async (id) => { store.deleteBill(id) },
    bill: async (id) => store.bill(id),
    billOfEncounter: async (id) => store.billOfEncounter(id),
    setBillStatus: async (id, status: BillStatus) => { store.setBillStatus(id, status) },
    async exclusive<T> (fn: () => Promise<T>): Promise<T> {
      const run = tail.then(fn, fn)
      tail = run.catch(() => undefined)
      return run
    },
    close: () => store.close()
  }
}
