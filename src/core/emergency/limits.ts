/**
 * Abuse limits on emergency requests (docs/security.md). Every request notifies the patient's contacts and
 * can end in access to their records, so a requester may not flood either: a patient has at most a few open
 * requests at once, a practitioner opens at most so many an hour, and asking again for the same patient within
 * the window returns the request already open instead of notifying everyone again. Pure: callers pass the
 * recent requests and the time.
 */

export interface EmergencyLimits {
  /** Open requests (in hospital and in the field, by anyone) one patient may have at once. */
  maxOpenPerPatient: number
  /** Requests one practitioner may open per window. */
  maxPerPractitioner: number
  /** The window, ms: a request older than this no longer counts (nor stays "open" for these limits). */
  windowMs: number
}

export const DEFAULT_EMERGENCY_LIMITS: EmergencyLimits = { maxOpenPerPatient: 3, maxPerPractitioner: 10, windowMs: 60 * 60_000 }

/** A request as the limits see it. */
export interface RecentRequest {
  id: string
  patientId: string
  openedAt: number
  /** Still waiting for contacts or a hospital (not contracted, accepted or closed). */
  open: boolean
  /** In hospital or in the field: only a request of the same kind is reused. */
  kind: 'hospital' | 'field'
}

export type LimitDecision =
  | { kind: 'allow' }
  /** The same requester's open request for this patient: answer with it, notify nobody again. */
  | { kind: 'reuse', id: string }
  | { kind: 'refuse', scope: 'patient' | 'practitioner', /** Whole seconds until a slot frees. */ retryAfter: number }

/**
 * What to do with a new request of `patientId` at `now`.
 * @param mine the requester's requests (any patient)
 * @param patients the patient's requests (any requester)
 * @throws RangeError for limits below 1 or a window that is not positive
 */
export function decideEmergencyRequest (input: { now: number, patientId: string, kind: RecentRequest['kind'], mine: readonly RecentRequest[], patients: readonly RecentRequest[], limits?: EmergencyLimits }): LimitDecision {
  const limits = input.limits ?? DEFAULT_EMERGENCY_LIMITS
  if (!(limits.maxOpenPerPatient >= 1 && limits.maxPerPractitioner >= 1 && limits.windowMs > 0)) throw new RangeError('emergency limits must be at least 1 and the window positive')
  const since = input.now - limits.windowMs
  const recent = (rows: readonly RecentRequest[]): RecentRequest[] => rows.filter((r) => r.openedAt > since && r.openedAt <= input.now)
  const mine = recent(input.mine)
  const again = mine.filter((r) => r.open && r.kind === input.kind && r.patientId === input.patientId).sort((a, b) => b.openedAt - a.openedAt)[0]
  if (again !== undefined) return { kind: 'reuse', id: again.id }
  const retryAfter = (rows: RecentRequest[]): number => Math.max(1, Math.ceil((Math.min(...rows.map((r) => r.openedAt)) + limits.windowMs - input.now) / 1000))
  if (mine.length >= limits.maxPerPractitioner) return { kind: 'refuse', scope: 'practitioner', retryAfter: retryAfter(mine) }
  const open = recent(input.patients).filter((r) => r.open)
  if (open.length >= limits.maxOpenPerPatient) return { kind: 'refuse', scope: 'patient', retryAfter: retryAfter(open) }
  return { kind: 'allow' }
}
