/**
 * Who pays a bill. A plan covers `coveragePercent` of a claim's total (rounded down to whole tokens) up to
 * `coverageLimitPerClaim`; the patient pays the rest. Without an enrolment the patient pays everything.
 */

export interface CoverageRules {
  coveragePercent: number
  coverageLimitPerClaim: number
}

/**
 * Checks coverage rules.
 * @throws RangeError for a percent outside 0…100 or a negative limit (integers)
 */
export function checkCoverageRules (rules: CoverageRules): CoverageRules {
  if (!Number.isSafeInteger(rules.coveragePercent) || rules.coveragePercent < 0 || rules.coveragePercent > 100) throw new RangeError('coveragePercent must be an integer 0…100')
  if (!Number.isSafeInteger(rules.coverageLimitPerClaim) || rules.coverageLimitPerClaim < 0) throw new RangeError('coverageLimitPerClaim must be a non-negative integer')
  return rules
}

/**
 * The insurer's and the patient's shares of `total` (they always add up to `total`).
 * @throws RangeError for a total that is not a positive safe integer
 */
export function splitBill (total: number, rules: CoverageRules | undefined): { insurer: number, patient: number } {
  if (!Number.isSafeInteger(total) || total <= 0) throw new RangeError('a bill total is a positive integer')
  if (rules === undefined) return { insurer: 0, patient: total }
  const insurer = Math.min(rules.coverageLimitPerClaim, Math.floor((total * rules.coveragePercent) / 100))
  return { insurer, patient: total - insurer }
}
