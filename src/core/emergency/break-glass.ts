/**
 * Break-glass (docs/emergency.md): when the contacts cannot form a contract — fewer than M accepted
 * contacts, or none confirmed within `BREAK_GLASS_WAIT_MS` of the request — two distinct practitioners of the
 * requesting doctor's hospital may sign for access instead. Such a contract is flagged for review.
 */

/** How long contacts have to confirm before break-glass opens: 15 minutes. */
export const BREAK_GLASS_WAIT_MS = 15 * 60_000
/** Distinct practitioners of the same hospital who must sign. */
export const BREAK_GLASS_SIGNERS = 2

/**
 * Whether break-glass may be used for a request opened at `openedAt` (ms) at `now`.
 * @throws RangeError for a negative contact count or a threshold below 1
 */
export function breakGlassAllowed (input: { acceptedContacts: number, threshold: number, openedAt: number, now: number }): boolean {
  if (!Number.isSafeInteger(input.acceptedContacts) || input.acceptedContacts < 0) throw new RangeError('acceptedContacts must be an integer ≥ 0')
  if (!Number.isSafeInteger(input.threshold) || input.threshold < 1) throw new RangeError('threshold must be an integer ≥ 1')
  return input.acceptedContacts < input.threshold || input.now - input.openedAt >= BREAK_GLASS_WAIT_MS
}

/** How long a practitioner must have held the role at the hospital before they may sign break-glass: 24 hours. */
export const DEFAULT_BREAK_GLASS_TENURE_MS = 24 * 60 * 60_000

/**
 * Whether a practitioner registered at `since` (ms) may sign break-glass at `now`: a freshly registered account
 * (perhaps made for the purpose) may not.
 * @throws RangeError for a negative tenure
 */
export function hasBreakGlassTenure (input: { since: number, now: number, tenureMs: number }): boolean {
  if (!(input.tenureMs >= 0)) throw new RangeError('tenureMs must be ≥ 0')
  return input.now - input.since >= input.tenureMs
}
