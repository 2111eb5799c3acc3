/**
 * The HealthStore port on PostgreSQL: the tables of `health.db` as `health_*` tables of the cluster database.
 * One review per encounter is the primary key, so two processes racing to store one both see it: one wins,
 * the other gets CONFLICT.
 */
import type pg from 'pg'
import { makeError } from '../../core/errors.ts'
import type { HealthStore, PriceOverride, ReviewRow } from '../../ports/health-store.ts'
import { migratePostgres } from './pool.ts'
import type { PgMigration } from './pool.ts'

/** The health tables' schema steps (store `health` in medledger_migrations). */
export const healthMigrations: readonly PgMigration[] = [{
  version: 1,
  name: 'health: doctor reviews, hospital regions, standard price updates',
  sql: `
    CREATE TABLE health_reviews (encounter_id text PRIMARY KEY, patient_id text NOT NULL, practitioner_id text NOT NULL,
      organization_id text NOT NULL, attitude int NOT NULL, outcome int NOT NULL, comment text,
      time bigint NOT NULL, entry_index bigint NOT NULL);
    CREATE INDEX health_reviews_by_practitioner ON health_reviews (practitioner_id, time);
    CREATE INDEX health_reviews_by_organization ON health_reviews (organization_id, practitioner_id);
    CREATE TABLE health_hospital_regions (organization_id text PRIMARY KEY, region text NOT NULL);
    CREATE TABLE health_prices (rxnorm text NOT NULL, region text NOT NULL, unit_price double precision NOT NULL, currency text NOT NULL,
      updated_by text NOT NULL, updated_at bigint NOT NULL, PRIMARY KEY (region, rxnorm));
  `
}]

type Row = Record<string, unknown>

/**
 * The port on `pool` (not ended by close(): the pool is the process's). Migrates on first use.
 * @throws (from each method) MedledgerError CONFLICT when the database holds newer health tables
 */
export function postgresHealthStore (pool: pg.Pool): HealthStore {
  let migrated: Promise<void> | undefined
  const q = async (sql: string, params: unknown[] = []): Promise<Row[]> => {
    migrated ??= migratePostgres(pool, 'health', healthMigrations)
    await migrated
    return (await pool.query(sql, params)).rows as Row[]
  }
  return {
    async addReview (r) {
      const [added] = await q('INSERT INTO health_reviews VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING 1 AS added',
        [r.encounterId, r.patientId, r.practitionerId, r.organizationId, r.attitude, r.outcome, r.comment, r.time, r.entryIndex])
      if (added === undefined) throw makeError('this encounter was already reviewed', 'CONFLICT', { reason: 'ALREADY_DONE' })
    },
    async review (encounterId) {
      const [r] = await q('SELECT * FROM health_reviews WHERE encounter_id = $1', [encounterId])
      return r === undefined ? undefined : toReview(r)
    },
    async reviewsOf (practitionerId, organizationId) {
      const rows = organizationId === undefined
        ? await q('SELECT * FROM health_reviews WHERE practitioner_id = $1 ORDER BY time, encounter_id COLLATE "C"', [practitionerId])
        : await q('SELECT * FROM health_reviews WHERE practitioner_id = $1 AND organization_id = $2 ORDER BY time, encounter_id COLLATE "C"', [practitionerId, organizationId])
      return rows.map(toReview)
    },
    async reviewsAt (organizationId) {
      return (await q('SELECT * FROM health_reviews WHERE organization_id = $1 ORDER BY time, encounter_id COLLATE "C"', [organizationId])).map(toReview)
    },
    async regionOf (organizationId) {
      const [r] = await q('SELECT region FROM health_hospital_regions WHERE organization_id = $1', [organizationId])
      return r?.region as string | undefined
    },
    async setRegion (organizationId, region) {
      await q('INSERT INTO health_hospital_regions VALUES ($1, $2) ON CONFLICT (organization_id) DO UPDATE SET region = excluded.region', [organizationId, region])
    },
    async setPrice (p: PriceOverride) {
      await q(`INSERT INTO health_prices VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (region, rxnorm) DO UPDATE SET
        unit_price = excluded.unit_price, currency = excluded.currency, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [p.rxnorm, p.region, p.unitPrice, p.currency, p.updatedBy, p.updatedAt])
    },
    async pricesOf (region) {
      return (await q('SELECT * FROM health_prices WHERE region = $1 ORDER BY rxnorm COLLATE "C"', [region])).map((r) => ({
        rxnorm: r.rxnorm as string, region: r.region as string, unitPrice: r.unit_price as number, currency: r.currency as string, updatedBy: r.updated_by as string, updatedAt: r.updated_at as number
      }))
    },
    async close () {}
  }
}

function toReview (r: Row): ReviewRow {
  return {
    encounterId: r.encounter_id as string,
    patientId: r.patient_id as string,
    practitionerId: r.practitioner_id as string,
    organizationId: r.organization_id as string,
    attitude: Number(r.attitude),
    outcome: Number(r.outcome),
    comment: r.comment as string | null,
    time: Number(r.time),
    entryIndex: Number(r.entry_index)
  }
}
