/**
 * The derived-figures store of the health platform: doctor reviews (durable: a review is the patient's
 * statement, hashed into the ledger), each hospital's price region, and admins' updates of the regional
 * standard price table. Adapters: SQLite (`health.db`, the embedded default, subgraphs/records/health/store.ts)
 * and PostgreSQL (adapters/postgres/health.ts); both pass health-store.contract.ts.
 */
import type { StandardPrice } from '../core/health/medication/index.ts'
import type { Review } from '../core/health/reviews/index.ts'

/** A stored review with what the API shows. */
export interface ReviewRow extends Review {
  patientId: string
  organizationId: string
  comment: string | null
  /** Position of the DoctorReviewed ledger entry. */
  entryIndex: number
}

/** A price entry an admin set, with who and when. */
export interface PriceOverride extends StandardPrice { updatedBy: string, updatedAt: number }

export interface HealthStore {
  /**
   * Stores a review; one per encounter, across every process.
   * @throws MedledgerError CONFLICT (reason ALREADY_DONE) when the encounter was already reviewed
   */
  addReview(r: ReviewRow): Promise<void>
  /** The review of an encounter, if any. */
  review(encounterId: string): Promise<ReviewRow | undefined>
  /** A practitioner's reviews, oldest first; only those at `organizationId` when given. */
  reviewsOf(practitionerId: string, organizationId?: string): Promise<ReviewRow[]>
  /** Every review at a hospital, oldest first. */
  reviewsAt(organizationId: string): Promise<ReviewRow[]>
  /** The price region a hospital's admins set, if any. */
  regionOf(organizationId: string): Promise<string | undefined>
  setRegion(organizationId: string, region: string): Promise<void>
  /** Sets (or replaces) one drug's price in a region. */
  setPrice(p: PriceOverride): Promise<void>
  /** The admins' price entries of a region, by RxNorm code. */
  pricesOf(region: string): Promise<PriceOverride[]>
  /** Releases what the adapter holds (never a pool shared with other stores). */
  close(): Promise<void>
}
