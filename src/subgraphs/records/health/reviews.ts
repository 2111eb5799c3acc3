/**
 * Doctor reviews: a patient rates a finished encounter of theirs with a doctor, once (health.db, with a
 * DoctorReviewed ledger entry holding only the review's hash — no patient, doctor or account, so the public
 * ledger says nothing of who rated whom, and a stored review changed later no longer matches its entry); the doctor and their hospital's admins read the doctor's performance (pure: src/core/health/reviews).
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { canonicalJson } from '../../../core/canonical-json.ts'
import { makeError } from '../../../core/errors.ts'
import { toHex } from '../../../core/hex.ts'
import { performanceOf, validateRating } from '../../../core/health/reviews/index.ts'
import { actorOf } from '../../context.ts'
import type { Services, SubgraphContext } from '../../context.ts'
import type { RecordRow } from '../../../ports/record-index.ts'
import { signedIn } from '../access.ts'
import { dataOf } from '../data.ts'
import { recordBodies } from '../record-loaders.ts'
import type { DoctorPerformance, DoctorReview, MutationResolvers, QueryResolvers } from '../resolvers-types.generated.ts'
import { administers, assertAdmin, hospitalsOf, practitionerNames, practitionerOrganization } from './directory.ts'
import { healthStore } from './store.ts'
import type { ReviewRow } from './store.ts'
import { referenceTo } from '../../../core/fhir/grammar.ts'

const PRACTITIONER_REF = referenceTo('Practitioner')

/** The hash the DoctorReviewed ledger entry keeps: SHA-256 of the canonical JSON of the stored review. */
export function reviewHash (r: Omit<ReviewRow, 'entryIndex'>): string {
  return toHex(sha256(new TextEncoder().encode(canonicalJson({ ...r }))))
}

function out (r: ReviewRow): DoctorReview {
  return { encounterId: r.encounterId, practitionerId: r.practitionerId, organizationId: r.organizationId, attitude: r.attitude, outcome: r.outcome, comment: r.comment, createdAt: new Date(r.time).toISOString(), entryIndex: r.entryIndex }
}

function performance (services: Services, practitionerId: string, reviews: ReviewRow[]): DoctorPerformance {
  return { practitionerId, name: practitionerNames(services, [practitionerId]).get(practitionerId) ?? null, ...performanceOf(reviews) }
}

/** The practitioners an Encounter names as participants (`Practitioner/<id>` references). */
function participants (encounter: Record<string, unknown>): string[] {
  const ids: string[] = []
  for (const p of Array.isArray(encounter.participant) ? encounter.participant : []) {
    const ref = (p as { individual?: { reference?: unknown } })?.individual?.reference
    const m = typeof ref === 'string' ? PRACTITIONER_REF.exec(ref) : null
    if (m !== null && !ids.includes(m[1]!)) ids.push(m[1]!)
  }
  return ids
}

/**
 * The hospital behind each version of an encounter, undefined for a version the patient changed. A version the
 * patient wrote with the very content of the one before (what re-sealing after a custodial claim writes) changes
 * nothing a hospital recorded, so it keeps that version's hospital (review fix: a claimed patient could rate none
 * of their imported visits).
 */
async function hospitalWriters (ctx: SubgraphContext, versions: readonly RecordRow[], patientActor: string): Promise<Array<string | undefined>> {
  const own = versions.map((v, i) => v.actor === patientActor && i > 0)
  const needed = versions.flatMap((v, i) => own[i] === true ? [versions[i - 1]!, v] : [])
  const bodies = new Map<RecordRow, string>()
  const loaded = await recordBodies(ctx).loadMany(needed)
  needed.forEach((v, i) => { const b = loaded[i]; if (b !== undefined && !(b instanceof Error)) bodies.set(v, canonicalJson(b)) })
  const out: Array<string | undefined> = []
  const writers = await hospitalsOf(ctx.services, versions.filter((v) => v.actor !== patientActor))
  versions.forEach((v, i) => {
    if (v.actor !== patientActor) out.push(writers.get(v.recordId))
    else {
      const same = i > 0 && bodies.get(v) !== undefined && bodies.get(v) === bodies.get(versions[i - 1]!)
      out.push(same ? out[i - 1] : undefined)
    }
  })
  return out
}

export const ReviewMutation: Pick<MutationResolvers, 'reviewEncounter'> = {
  /**
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN for a caller who is not a patient, an encounter that is
   *   not finished, names no doctor, or that the patient wrote or amended (only what a hospital recorded counts); NOT_FOUND for an encounter that is not the caller's (or no encounter);
   *   BAD_INPUT for a rating outside 1–5, or a practitioner the encounter does not name; CONFLICT when already rated
   */
  reviewEncounter: async (_p, { input }, ctx: SubgraphContext) => {
    const viewer = signedIn(ctx.viewer)
    if (viewer.kind !== 'account' || viewer.patientId === undefined) throw makeError('only a patient rates their encounters', 'FORBIDDEN')
    try {
      validateRating(input.attitude, input.outcome, input.comment ?? undefined)
    } catch (err) {
      throw makeError(err instanceof Error ? err.message : 'bad rating', 'BAD_INPUT')
    }
    const row = dataOf(ctx.services).index.record(input.encounterId)
    if (row === undefined || row.resourceType !== 'Encounter' || row.patientId !== viewer.patientId) throw makeError('no such encounter of yours', 'NOT_FOUND')
    const store = healthStore(ctx.services)
    if (await store.review(row.recordId) !== undefined) throw makeError('this encounter was already reviewed', 'CONFLICT', { reason: 'ALREADY_DONE' })
    const encounter = await recordBodies(ctx).load(row)
    if (encounter.status !== 'finished') throw makeError('only a finished encounter may be rated', 'FORBIDDEN')
    const named = participants(encounter)
    if (named.length === 0) throw makeError('this encounter names no doctor', 'FORBIDDEN')
    const wanted = input.practitionerId ?? undefined
    if (wanted !== undefined && !named.includes(wanted)) throw makeError('this encounter does not name that practitioner', 'BAD_INPUT')
    if (wanted === undefined && named.length > 1) throw makeError('this encounter names several doctors: say which (practitionerId)', 'BAD_INPUT')
    const practitionerId = wanted ?? named[0]!
    // Only what a hospital recorded counts: an encounter the patient wrote, or changed in any version, could
    // name any doctor. Every version must come from a hospital (imported, or written by its practitioner or API key).
    const writers = await hospitalWriters(ctx, dataOf(ctx.services).index.versions(row.recordId), actorOf(viewer))
    if (writers.some((w) => w === undefined)) throw makeError('only an encounter a hospital recorded may be rated', 'FORBIDDEN')
    const organizationId = practitionerOrganization(ctx.services, practitionerId) ?? writers[writers.length - 1]!
    const review = { encounterId: row.recordId, patientId: viewer.patientId, practitionerId, organizationId, attitude: input.attitude, outcome: input.outcome, comment: input.comment ?? null, time: ctx.services.clock.now() }
    const [entryIndex] = await dataOf(ctx.services).ledger.append([{ type: 'DoctorReviewed', time: review.time, reviewHash: reviewHash(review) }])
    const stored: ReviewRow = { ...review, entryIndex: entryIndex! }
    await store.addReview(stored)
    return out(stored)
  }
}

export const ReviewQuery: Pick<QueryResolvers, 'doctorPerformance' | 'hospitalPerformance'> = {
  /**
   * The doctor themself sees every review; an admin of a hospital the doctor was reviewed at (or is
   * registered with) sees that hospital's reviews.
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN for anyone else
   */
  doctorPerformance: async (_p, { practitionerId }, ctx) => {
    const viewer = signedIn(ctx.viewer)
    const store = healthStore(ctx.services)
    if (viewer.kind === 'account' && viewer.practitionerId === practitionerId) return performance(ctx.services, practitionerId, await store.reviewsOf(practitionerId))
    const all = await store.reviewsOf(practitionerId)
    const orgs = new Set(all.map((r) => r.organizationId))
    const registered = practitionerOrganization(ctx.services, practitionerId)
    if (registered !== undefined) orgs.add(registered)
    const mine = [...orgs].filter((o) => administers(ctx.services, viewer, o))
    if (mine.length === 0) throw makeError('only the doctor and their hospital\'s admins see this', 'FORBIDDEN')
    return performance(ctx.services, practitionerId, all.filter((r) => mine.includes(r.organizationId)))
  },
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN unless the caller administers the hospital */
  hospitalPerformance: async (_p, { organizationId }, ctx) => {
    assertAdmin(ctx.services, ctx.viewer, organizationId)
    const by = new Map<string, ReviewRow[]>()
    for (const r of await healthStore(ctx.services).reviewsAt(organizationId)) by.set(r.practitionerId, [...(by.get(r.practitionerId) ?? []), r])
    return [...by].map(([id, rs]) => performance(ctx.services, id, rs)).sort((a, b) => b.bayesianAverage - a.bayesianAverage || a.practitionerId.localeCompare(b.practitionerId))
  }
}
