/**
 * Out of hospital: a request with a location is offered to the registered hospitals nearest first (haversine),
 * in escalation rings (core/emergency/escalation.ts); the first hospital to accept gets the aid contract
 * (a grant to that organization), and the requester follows the status.
 */
import { nearestFirst } from '../../core/geo/index.ts'
import { DEFAULT_ESCALATION_MS, DEFAULT_RING_SIZE, offeredRing, ringOf } from '../../core/emergency/index.ts'
import { makeError } from '../../core/errors.ts'
import { uuid } from '../../core/ids.ts'
import type { SubgraphContext } from '../context.ts'
import { actorOf } from '../context.ts'
import { patientWallet } from '../consent/patient-wallet.ts'
import { hospitalsWithCoordinates } from '../identity-read.ts'
import { formContract } from './contract.ts'
import type { FieldRequestRow } from './field-store.ts'
import type { FieldEmergencyRequestResolvers, MutationResolvers, QueryResolvers } from './resolvers-types.generated.ts'
import { emergencyStore } from './store-of.ts'
import { admitEmergencyRequest } from './limits.ts'
import { trustedPractitioner } from '../trust.ts'

const POLICY = { ringSize: DEFAULT_RING_SIZE, timeoutMs: DEFAULT_ESCALATION_MS }

/** The rings offered now. */
function offered (ctx: SubgraphContext, row: FieldRequestRow): { ring: number, exhausted: boolean } {
  return offeredRing(row.openedAt, Math.max(ctx.services.clock.now(), row.openedAt), row.candidates.length, POLICY)
}

/** The offered hospital the caller works for (verified now), nearest first. */
function offeredOrganization (ctx: SubgraphContext, row: FieldRequestRow): string | undefined {
  const v = ctx.viewer
  if (v.kind !== 'account') return undefined
  const { ring } = offered(ctx, row)
  return row.candidates.find((c) => c.ring <= ring && v.verifiedOrganizationIds.includes(c.organizationId))?.organizationId
}

/**
 * A field request the caller may see: its requester, the patient, or staff of an offered hospital.
 * @throws MedledgerError UNAUTHENTICATED; NOT_FOUND otherwise
 */
async function visible (ctx: SubgraphContext, id: string): Promise<FieldRequestRow> {
  if (ctx.viewer.kind === 'anonymous') throw makeError('sign in first', 'UNAUTHENTICATED')
  const row = await emergencyStore(ctx).field.get(id)
  const v = ctx.viewer
  if (row !== undefined && (actorOf(v) === row.requester || (v.kind === 'account' && v.patientId === row.patientId) || offeredOrganization(ctx, row) !== undefined)) return row
  throw makeError('no such emergency request', 'NOT_FOUND')
}

export const fieldQueries: Pick<QueryResolvers, 'fieldEmergencyRequest'> = {
  /** @throws MedledgerError UNAUTHENTICATED; NOT_FOUND */
  fieldEmergencyRequest: (_p, { id }, ctx) => visible(ctx, id)
}

export const fieldMutations: Pick<MutationResolvers, 'openFieldEmergencyRequest' | 'acceptFieldEmergency'> = {
  /**
   * A practitioner of a verified organization opens a request at a location; candidates are every verified
   * hospital with coordinates, nearest first, snapshotted with the request. Asking again for the same patient
   * within the hour answers with the request still waiting.
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a practitioner of a verified organization); BAD_INPUT
   *   (coordinates off the globe, empty reason); NOT_FOUND (unknown patient); RATE_LIMITED (limits.ts)
   */
  openFieldEmergencyRequest: async (_p, { patientId, latitude, longitude, reason }, ctx) => {
    const practitioner = trustedPractitioner(ctx.viewer, 'opens an emergency request')
    if (reason.trim().length === 0 || reason.length > 2000) throw makeError('a reason of 1 to 2000 characters is required', 'BAD_INPUT')
    patientWallet(ctx.services, patientId)
    let sorted
    try {
      sorted = nearestFirst({ latitude, longitude }, hospitalsWithCoordinates(ctx.services))
    } catch (err) {
      if (err instanceof RangeError) throw makeError(err.message, 'BAD_INPUT')
      throw err
    }
    const again = await admitEmergencyRequest(ctx, { practitioner, patientId, kind: 'field' })
    if (again !== undefined) return (await emergencyStore(ctx).field.get(again))!
    const row: FieldRequestRow = {
      id: uuid(ctx.services.rng), patientId, requester: actorOf(ctx.viewer), reason, latitude, longitude, openedAt: ctx.services.clock.now(),
      candidates: sorted.map((h, i) => ({ organizationId: h.id, name: h.name, distanceMeters: h.distanceMeters, ring: ringOf(i, POLICY.ringSize) }))
    }
    await emergencyStore(ctx).field.open(row)
    return row
  },
  /**
   * The first acceptance by a practitioner of an offered (verified) hospital forms the aid contract for that hospital.
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a practitioner of a verified organization); NOT_FOUND
   *   (not offered to the caller's hospital yet); CONFLICT (another hospital accepted first); Error where the data
   *   folder is not open
   */
  acceptFieldEmergency: async (_p, { id }, ctx) => {
    const v = trustedPractitioner(ctx.viewer, 'accepts an emergency')
    const store = emergencyStore(ctx).field
    const row = await store.get(id)
    const { ring } = row === undefined ? { ring: -1 } : offered(ctx, row)
    const org = row?.candidates.find((c) => c.ring <= ring && c.organizationId === v.organizationId)?.organizationId
    if (row === undefined || org === undefined) throw makeError('no such emergency request', 'NOT_FOUND')
    const now = ctx.services.clock.now()
    await store.accept(id, org, v.practitionerId, now)
    try {
      await formContract(ctx, {
        requestId: id, patientId: row.patientId, practitionerId: v.practitionerId, grantee: { kind: 'organization', id: org },
        evidence: { request: { ...row }, acceptance: { organizationId: org, practitionerId: v.practitionerId, time: now } }
      })
    } catch (err) {
      await store.unaccept(id)
      throw err
    }
    return (await store.get(id))!
  }
}

export const FieldEmergencyRequest: FieldEmergencyRequestResolvers = {
  patient: (row) => ({ id: row.patientId }),
  openedAt: (row) => new Date(row.openedAt).toISOString(),
  hospitals: (row) => row.candidates,
  ring: (row, _a, ctx) => offered(ctx, row).ring,
  status: (row, _a, ctx) => row.accepted !== undefined ? 'ACCEPTED' : offered(ctx, row).exhausted ? 'UNANSWERED' : 'WAITING',
  acceptedBy: (row) => row.accepted?.organizationId ?? null,
  contract: async (row, _a, ctx) => await emergencyStore(ctx).aid.contract({ requestId: row.id }) ?? null
}
