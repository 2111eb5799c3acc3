/** Applies the emergency abuse limits (core/emergency/limits.ts) to a practitioner's new request. */
import { decideEmergencyRequest } from '../../core/emergency/index.ts'
import type { RecentRequest } from '../../core/emergency/index.ts'
import { makeError } from '../../core/errors.ts'
import type { SubgraphContext } from '../context.ts'
import type { TrustedPractitioner } from '../trust.ts'
import { emergencyLimits } from './config.ts'
import { emergencyStore } from './store-of.ts'

/**
 * The id of the caller's open request of this kind for `patientId` to answer with instead of a new one, or
 * undefined when a new request may be opened.
 * @throws MedledgerError RATE_LIMITED (with `retryAfter` seconds) when the practitioner opened too many requests
 *   this hour or the patient has too many open
 */
export async function admitEmergencyRequest (ctx: SubgraphContext, input: { practitioner: TrustedPractitioner, patientId: string, kind: RecentRequest['kind'] }): Promise<string | undefined> {
  const limits = emergencyLimits()
  const now = ctx.services.clock.now()
  const since = now - limits.windowMs
  const store = emergencyStore(ctx)
  const requester = `account:${input.practitioner.accountId}`
  const hospital = (rows: Awaited<ReturnType<typeof store.aid.recentRequests>>): RecentRequest[] => rows.map((r) => ({ id: r.id, patientId: r.patientId, openedAt: r.openedAt, open: r.status === 'OPEN', kind: 'hospital' }))
  const field = (rows: Awaited<ReturnType<typeof store.field.recent>>): RecentRequest[] => rows.map((r) => ({ id: r.id, patientId: r.patientId, openedAt: r.openedAt, open: r.accepted === undefined, kind: 'field' }))
  const [mineHospital, mineField, patientHospital, patientField] = await Promise.all([
    store.aid.recentRequests({ practitionerId: input.practitioner.practitionerId }, since), store.field.recent({ requester }, since),
    store.aid.recentRequests({ patientId: input.patientId }, since), store.field.recent({ patientId: input.patientId }, since)
  ])
  const decision = decideEmergencyRequest({
    now,
    patientId: input.patientId,
    kind: input.kind,
    limits,
    mine: [...hospital(mineHospital), ...field(mineField)],
    patients: [...hospital(patientHospital), ...field(patientField)]
  })
  if (decision.kind === 'reuse') return decision.id
  if (decision.kind === 'refuse') {
    const message = decision.scope === 'patient'
      ? `this patient already has ${limits.maxOpenPerPatient} open emergency requests; retry in ${decision.retryAfter} s`
      : `you opened ${limits.maxPerPractitioner} emergency requests this hour; retry in ${decision.retryAfter} s`
    throw makeError(message, 'RATE_LIMITED', { retryAfter: decision.retryAfter, reason: decision.scope === 'patient' ? 'PATIENT_OPEN_REQUESTS' : 'PRACTITIONER_HOURLY_REQUESTS' })
  }
  return undefined
}
