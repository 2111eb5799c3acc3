/**
 * Out-of-hospital escalation: candidate hospitals, nearest first, are offered in rings of `ringSize`; each
 * timeout without an acceptance offers the next ring too. The ring is a pure function of time, so a restart
 * neither loses nor repeats an escalation.
 */

/** Hospitals per ring. */
export const DEFAULT_RING_SIZE = 2
/** How long a ring has to accept before the next is offered: 5 minutes. */
export const DEFAULT_ESCALATION_MS = 5 * 60_000

/** The escalation parameters. */
export interface EscalationPolicy { ringSize: number, timeoutMs: number }

/**
 * The ring of the candidate at `position` (0-based, nearest first).
 * @throws RangeError for a negative position or a ring size below 1
 */
export function ringOf (position: number, ringSize: number = DEFAULT_RING_SIZE): number {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError('position must be an integer ≥ 0')
  if (!Number.isSafeInteger(ringSize) || ringSize < 1) throw new RangeError('ring size must be an integer ≥ 1')
  return Math.floor(position / ringSize)
}

/**
 * The rings offered at `now` for a request opened at `openedAt` among `candidates` hospitals: the highest ring
 * reached (capped at the last one), and whether every ring has timed out (`exhausted`).
 * @throws RangeError for a timeout or ring size that is not a positive integer, or `now` before `openedAt`
 */
export function offeredRing (openedAt: number, now: number, candidates: number, policy: EscalationPolicy = { ringSize: DEFAULT_RING_SIZE, timeoutMs: DEFAULT_ESCALATION_MS }): { ring: number, exhausted: boolean } {
  if (!Number.isSafeInteger(policy.timeoutMs) || policy.timeoutMs < 1) throw new RangeError('timeout must be a positive integer of ms')
  if (now < openedAt) throw new RangeError('now is before the request was opened')
  const rings = candidates === 0 ? 0 : ringOf(candidates - 1, policy.ringSize) + 1
  const elapsed = Math.floor((now - openedAt) / policy.timeoutMs)
  return { ring: Math.min(elapsed, Math.max(rings - 1, 0)), exhausted: elapsed >= rings }
}
