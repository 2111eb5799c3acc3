/** Retry schedule of webhook deliveries: exponential from 1 s, doubling per failed attempt, capped at 5 min. */

/** The longest wait between two attempts. */
export const MAX_RETRY_MS = 5 * 60_000

/**
 * How long to wait after `attempts` failed attempts (≥ 1) before the next one.
 * @throws RangeError for attempts that are not an integer ≥ 1
 */
export function retryDelayMs (attempts: number): number {
  if (!Number.isSafeInteger(attempts) || attempts < 1) throw new RangeError('attempts must be an integer ≥ 1')
  return Math.min(MAX_RETRY_MS, 1000 * 2 ** Math.min(attempts - 1, 20))
}
