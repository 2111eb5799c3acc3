/**
 * The derived-figures store (`<data folder>/health.db`, opened through `services.store('health', …)`): doctor
 * reviews (durable: a review is the patient's statement, hashed into the ledger), each hospital's price region,
 * and admins' updates of the regional standard price table (the shipped table is data/standard-prices.json;
 * an update here overrides its entry). Health scores are not stored: they are computed on read.
 */
import type { DatabaseSync } from 'node:sqlite'
import { openMigratedDatabase } from '../../../adapters/sqlite/sqlite-db.ts'
import type { Migration } from '../../../adapters/sqlite/sqlite-db.ts'
import { makeError } from '../../../core/errors.ts'
import type { HealthStore as HealthStorePort, PriceOverride, ReviewRow } from '../../../ports/health-store.ts'
import type { Services } from '../../context.ts'
import { postgresHealthStore } from '../../../adapters/postgres/index.ts'
import { lift } from '../../../adapters/sqlite/lift.ts'

export type { PriceOverride, ReviewRow }

const migrations: readonly Migration[] = [{
  version: 1,
  name: 'doctor reviews, hospital regions, standard price updates',
  sql: `
    CREATE TABLE reviews (encounter_id TEXT PRIMARY KEY, patient_id TEXT NOT NULL, practitioner_id TEXT NOT NULL,
      organization_id TEXT NOT NULL, attitude INTEGER NOT NULL, outcome INTEGER NOT NULL, comment TEXT,
      time INTEGER NOT NULL, entry_index INTEGER NOT NULL) STRICT;
    CREATE INDEX reviews_by_practitioner ON reviews (practitioner_id, time);
    CREATE INDEX reviews_by_organization ON reviews (organization_id, practitioner_id);
    CREATE TABLE hospital_regions (organization_id TEXT PRIMARY KEY, region TEXT NOT NULL) STRICT;
    CREATE TABLE prices (rxnorm TEXT NOT NULL, region TEXT NOT NULL, unit_price REAL NOT NULL, currency TEXT NOT NULL,
      updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (region, rxnorm)) STRICT;
  `
}]

/** The SQLite tables of `health.db`, synchronous (wrapped in the async HealthStore port by healthStore()). */
export class HealthStore {
  private readonly db: DatabaseSync
  /** @throws Error from node:sqlite; MedledgerError CONFLICT for a newer schema */
  constructor (file: string) {
    this.db = openMigratedDatabase(file, migrations, { synchronous: 'FULL' })
  }

  /**
   * Stores a review; one per encounter.
   * @throws MedledgerError CONFLICT when the encounter was already reviewed
   */
  addReview (r: ReviewRow): void {
    try {
      this.db.prepare('INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(r.encounterId, r.patientId, r.practitionerId, r.organizationId, r.attitude, r.outcome, r.comment, r.time, r.entryIndex)
    } catch (err) {
      if (err instanceof Error && /UNIQUE|PRIMARY KEY/.test(err.message)) throw makeError('this encounter was already reviewed', 'CONFLICT', { reason: 'ALREADY_DONE' })
      throw err
    }
  }

  review (encounterId: string): ReviewRow | undefined {
    const r = this.db.prepare('SELECT * FROM reviews WHERE encounter_id = ?').get(encounterId)
    return r === undefined ? undefined : toReview(r)
  }

  /** A practitioner's reviews, oldest first; only those at `organizationId` when given. */
  reviewsOf (practitionerId: string, organizationId?: string): ReviewRow[] {
    const rows = organizationId === undefined
      ? this.db.prepare('SELECT * FROM reviews WHERE practitioner_id = ? ORDER BY time, encounter_id').all(practitionerId)
      : this.db.prepare('SELECT * FROM reviews WHERE practitioner_id = ? AND organization_id = ? ORDER BY time, encounter_id').all(practitionerId, organizationId)
    return rows.map(toReview)
  }

  /** Every review at a hospital, oldest first. */
  reviewsAt (organizationId: string): ReviewRow[] {
    return this.db.prepare('SELECT * FROM reviews WHERE organization_id = ? ORDER BY time, encounter_id').all(organizationId).map(toReview)
  }

  regionOf (organizationId: string): string | undefined {
    return this.db.prepare('SELECT region FROM hospital_regions WHERE organization_id = ?').get(organizationId)?.region as string | undefined
  }

  setRegion (organizationId: string, region: string): void {
    this.db.prepare('INSERT INTO hospital_regions VALUES (?, ?) ON CONFLICT (organization_id) DO UPDATE SET region = excluded.region').run(organizationId, region)
  }

  setPrice (p: PriceOverride): void {
    this.db.prepare(`INSERT INTO prices VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (region, rxnorm) DO UPDATE SET
      unit_price = excluded.unit_price, currency = excluded.currency, updated_by = excluded.updated_by, updated_at = excluded.updated_at`)
      .run(p.rxnorm, p.region, p.unitPrice, p.currency, p.updatedBy, p.updatedAt)
  }

  /** The admins' price entries of a region. */
  pricesOf (region: string): PriceOverride[] {
    return this.db.prepare('SELECT * FROM prices WHERE region = ? ORDER BY rxnorm').all(region).map((r) => ({
      rxnorm: r.rxnorm as string, region: r.region as string, unitPrice: r.unit_price as number, currency: r.currency as string, updatedBy: r.updated_by as string, updatedAt: r.updated_at as number
    }))
  }

  close (): void { this.db.close() }
}

function toReview (r: Record<string, unknown>): ReviewRow {
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

/** The port over an open `health.db` (closing the port closes the file); behaviour and errors unchanged. */
export function sqliteHealthStore (s: HealthStore): HealthStorePort {
  return {
    addReview: lift(s.addReview.bind(s)),
    review: lift(s.review.bind(s)),
    reviewsOf: lift(s.reviewsOf.bind(s)),
    reviewsAt: lift(s.reviewsAt.bind(s)),
    regionOf: lift(s.regionOf.bind(s)),
    setRegion: lift(s.setRegion.bind(s)),
    setPrice: lift(s.setPrice.bind(s)),
    pricesOf: lift(s.pricesOf.bind(s)),
    close: lift(s.close.bind(s))
  }
}

/**
 * This process's health store, opened on first use: the cluster's PostgreSQL when the services have one
 * (`health_*` tables, migrated on first use), else `<data folder>/health.db`.
 */
export function healthStore (services: Services): HealthStorePort {
  const { postgres } = services
  return postgres !== undefined
    ? services.store('health-pg', () => postgresHealthStore(postgres))
    : services.store('health', (file) => sqliteHealthStore(new HealthStore(file)))
}
