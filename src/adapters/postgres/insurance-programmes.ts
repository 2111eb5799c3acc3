/**
 * The PostgreSQL {@link InsuranceProgrammes}: research-insurance.db's tables as `insurance_*`. A second bill
 * for an encounter fails on the UNIQUE column (mapped to CONFLICT ALREADY_DONE), whichever process races;
 * `exclusive` (a promise chain plus a session advisory lock) keeps enrolment's check, ledger append and
 * insert one at a time across the cluster.
 */
import type { Pool } from 'pg'
import { makeError } from '../../core/errors.ts'
import type { BillRow, BillStatus, EnrolmentRow, InsuranceProgrammes, PlanRow } from '../../ports/insurance-programmes.ts'
import { migratePostgres, withTransaction } from './pool.ts'
import { advisoryTurns } from './advisory-turns.ts'
import type { PgMigration } from './pool.ts'

/** The store's name in medledger_migrations (the SQLite file's name). */
export const INSURANCE_STORE = 'research-insurance'

/** Advisory lock key of the cluster's one enroller. */
const ENROL_LOCK = 0x6d65_646c_0203n

export const insuranceMigrations: readonly PgMigration[] = [{
  version: 1,
  name: 'plans, enrolments, programme data, bills',
  sql: `
    CREATE TABLE insurance_plans (
      id                       text   PRIMARY KEY,
      insurer_account_id       text   NOT NULL,
      name                     text   NOT NULL,
      min_daily_steps          bigint NOT NULL,
      days                     bigint NOT NULL,
      min_adherence_percent    bigint NOT NULL,
      reward                   bigint NOT NULL CHECK (reward > 0),
      coverage_percent         bigint NOT NULL,
      coverage_limit_per_claim bigint NOT NULL,
      created_at               bigint NOT NULL
    );
    CREATE TABLE insurance_enrolments (
      id           text   PRIMARY KEY,
      plan_id      text   NOT NULL REFERENCES insurance_plans (id),
      patient_id   text   NOT NULL,
      enrolled_at  bigint NOT NULL,
      ledger_index bigint NOT NULL,
      UNIQUE (plan_id, patient_id)
    );
    CREATE INDEX insurance_enrolments_patient ON insurance_enrolments (patient_id);
    CREATE TABLE insurance_programme_data (
      enrolment_id text NOT NULL REFERENCES insurance_enrolments (id),
      record_id    text NOT NULL,
      resource     text NOT NULL,
      PRIMARY KEY (enrolment_id, record_id)
    );
    CREATE TABLE insurance_bills (
      id                  text   PRIMARY KEY,
      patient_id          text   NOT NULL,
      organization_id     text   NOT NULL,
      encounter_record_id text   NOT NULL UNIQUE,
      total               bigint NOT NULL,
      insurer_share       bigint NOT NULL,
      patient_share       bigint NOT NULL,
      insurer             text,
      status              text   NOT NULL CHECK (status IN ('PAID', 'OPEN_INSUFFICIENT_FUNDS')),
      claim               text   NOT NULL,
      created_at          bigint NOT NULL
    );
  `
}]

/** SQLite table of research-insurance.db → PostgreSQL table (store migrate), parents first. */
export const INSURANCE_TABLES = { plans: 'insurance_plans', enrolments: 'insurance_enrolments', programme_data: 'insurance_programme_data', bills: 'insurance_bills' } as const

type Row = Record<string, unknown>
const n = (v: unknown): number => Number(v)

function planOf (r: Row): PlanRow {
  return {
    id: r.id as string, insurerAccountId: r.insurer_account_id as string, name: r.name as string, minDailySteps: n(r.min_daily_steps), days: n(r.days),
    minAdherencePercent: n(r.min_adherence_percent), reward: n(r.reward), coveragePercent: n(r.coverage_percent), coverageLimitPerClaim: n(r.coverage_limit_per_claim), createdAt: n(r.created_at)
  }
}

function enrolmentOf (r: Row): EnrolmentRow {
  return { id: r.id as string, planId: r.plan_id as string, patientId: r.patient_id as string, enrolledAt: n(r.enrolled_at), ledgerIndex: n(r.ledger_index) }
}

function billOf (r: Row): BillRow {
  return {
    id: r.id as string, patientId: r.patient_id as string, organizationId: r.organization_id as string, encounterRecordId: r.encounter_record_id as string,
    total: n(r.total), insurerShare: n(r.insurer_share), patientShare: n(r.patient_share), insurer: r.insurer as string | null,
    status: r.status as BillStatus, claim: JSON.parse(r.claim as string) as unknown, createdAt: n(r.created_at)
  }
}

/**
 * The insurance store on `pool` (the process's shared pool: close() leaves it open). Migrates on first use.
 * @throws whatever pg throws when the database cannot be reached (from the first call)
 */
export function openPostgresInsuranceProgrammes (pool: Pool): InsuranceProgrammes {
  let migrated: Promise<void> | undefined
  const ready = async (): Promise<void> => {
    migrated ??= migratePostgres(pool, INSURANCE_STORE, insuranceMigrations).catch((err: unknown) => { migrated = undefined; throw err })
    return migrated
  }
  const one = async <T>(sql: string, args: unknown[], map: (r: Row) => T): Promise<T | undefined> => {
    await ready()
    const r = (await pool.query<Row>(sql, args)).rows[0]
    return r === undefined ? undefined : map(r)
  }
  const all = async <T>(sql: string, args: unknown[], map: (r: Row) => T): Promise<T[]> => {
    await ready()
    return (await pool.query<Row>(sql, args)).rows.map(map)
  }
  const plan = async (id: string): Promise<PlanRow | undefined> => one('SELECT * FROM insurance_plans WHERE id = $1', [id], planOf)
  const enrolmentOfPlan = async (planId: string, patientId: string): Promise<EnrolmentRow | undefined> =>
    one('SELECT * FROM insurance_enrolments WHERE plan_id = $1 AND patient_id = $2', [planId, patientId], enrolmentOf)
  const bill = async (id: string): Promise<BillRow | undefined> => one('SELECT * FROM insurance_bills WHERE id = $1', [id], billOf)
  return {
    async insertPlan (p) {
      await ready()
      await pool.query('INSERT INTO insurance_plans VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
        [p.id, p.insurerAccountId, p.name, p.minDailySteps, p.days, p.minAdherencePercent, p.reward, p.coveragePercent, p.coverageLimitPerClaim, p.createdAt])
      return (await plan(p.id))!
    },
    plan,
    plans: async () => all('SELECT * FROM insurance_plans ORDER BY created_at, id', [], planOf),
    async enrol (e) {
      await ready()
      await pool.query('INSERT INTO insurance_enrolments VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [e.id, e.planId, e.patientId, e.enrolledAt, e.ledgerIndex])
      return (await enrolmentOfPlan(e.planId, e.patientId))!
    },
    enrolmentOf: enrolmentOfPlan,
    enrolment: async (id) => one('SELECT * FROM insurance_enrolments WHERE id = $1', [id], enrolmentOf),
    enrolmentsOfPatient: async (patientId) => all('SELECT * FROM insurance_enrolments WHERE patient_id = $1 ORDER BY enrolled_at, id', [patientId], enrolmentOf),
    enrolmentsOfPlan: async (planId) => all('SELECT * FROM insurance_enrolments WHERE plan_id = $1 ORDER BY enrolled_at, id', [planId], enrolmentOf),
    async addProgrammeData (enrolmentId, items) {
      await ready()
      await withTransaction(pool, async (c) => {
        for (const i of items) {
          await c.query('INSERT INTO insurance_programme_data VALUES ($1, $2, $3) ON CONFLICT (enrolment_id, record_id) DO UPDATE SET resource = excluded.resource',
            [enrolmentId, i.recordId, JSON.stringify(i.resource)])
        }
      })
    },
    programmeData: async (enrolmentId) => all('SELECT resource FROM insurance_programme_data WHERE enrolment_id = $1', [enrolmentId], (r) => JSON.parse(r.resource as string) as unknown),
    async insertBill (b) {
      await ready()
      try {
        await pool.query('INSERT INTO insurance_bills VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
          [b.id, b.patientId, b.organizationId, b.encounterRecordId, b.total, b.insurerShare, b.patientShare, b.insurer, b.status, JSON.stringify(b.claim), b.createdAt])
      } catch (err) {
        const e = err as { code?: string, constraint?: string }
        if (e.code === '23505' && e.constraint === 'insurance_bills_encounter_record_id_key') throw makeError('this encounter is already billed', 'CONFLICT', { reason: 'ALREADY_DONE' })
        throw err
      }
      return (await bill(b.id))!
    },
    async deleteBill (id) {
      await ready()
      await pool.query("DELETE FROM insurance_bills WHERE id = $1 AND status <> 'PAID'", [id])
    },
    bill,
    billOfEncounter: async (id) => one('SELECT * FROM insurance_bills WHERE encounter_record_id = $1', [id], billOf),
    async setBillStatus (id, status) {
      await ready()
      await pool.query('UPDATE insurance_bills SET status = $1 WHERE id = $2', [status, id])
    },
    exclusive: advisoryTurns(pool, ENROL_LOCK, ready),
    close: () => {}
  }
}
