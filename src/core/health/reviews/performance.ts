/** One patient's rating of one finished encounter. */
export interface Review {
  encounterId: string
  practitionerId: string
  /** 1–5. */
  attitude: number
  /** 1–5. */
  outcome: number
  /** ms since epoch. */
  time: number
}

/**
 * The Bayesian prior: every doctor starts as if rated PRIOR_WEIGHT times at PRIOR_MEAN (the middle of the
 * 1–5 scale), so a doctor with two 5-star reviews does not outrank one with fifty 4.8s. Bayesian average =
 * (PRIOR_WEIGHT × PRIOR_MEAN + Σ rating) / (PRIOR_WEIGHT + n), a review's rating the mean of attitude and outcome.
 */
export const PRIOR_MEAN = 3
export const PRIOR_WEIGHT = 5

export interface PeriodStat { period: string, count: number, mean: number }

export interface Performance {
  count: number
  /** Means over the reviews; null with none. */
  meanAttitude: number | null
  meanOutcome: number | null
  mean: number | null
  bayesianAverage: number
  /** Per calendar month (UTC, `YYYY-MM`), oldest first. */
  trend: PeriodStat[]
  /** Least-squares slope of the monthly means, in rating points per month; null with fewer than two months. */
  slopePerMonth: number | null
}

/**
 * Checks a rating.
 * @throws RangeError when attitude or outcome is not an integer 1–5, or the comment is over 2,000 characters
 */
export function validateRating (attitude: number, outcome: number, comment: string | undefined): void {
  for (const [name, v] of [['attitude', attitude], ['outcome', outcome]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 5) throw new RangeError(`${name} must be an integer from 1 to 5`)
  }
  if (comment !== undefined && comment.length > 2000) throw new RangeError('comment must be at most 2,000 characters')
}

/** A doctor's performance from their reviews. Pure; order of `reviews` does not matter. */
export function performanceOf (reviews: readonly Review[]): Performance {
  const n = reviews.length
  const rating = (r: Review): number => (r.attitude + r.outcome) / 2
  const sum = reviews.reduce((s, r) => s + rating(r), 0)
  const months = new Map<string, number[]>()
  for (const r of reviews) {
    const key = new Date(r.time).toISOString().slice(0, 7)
    months.set(key, [...(months.get(key) ?? []), rating(r)])
  }
  const trend = [...months].sort(([a], [b]) => a < b ? -1 : 1)
    .map(([period, rs]) => ({ period, count: rs.length, mean: round(rs.reduce((s, x) => s + x, 0) / rs.length) }))
  return {
    count: n,
    meanAttitude: n === 0 ? null : round(reviews.reduce((s, r) => s + r.attitude, 0) / n),
    meanOutcome: n === 0 ? null : round(reviews.reduce((s, r) => s + r.outcome, 0) / n),
    mean: n === 0 ? null : round(sum / n),
    bayesianAverage: round((PRIOR_WEIGHT * PRIOR_MEAN + sum) / (PRIOR_WEIGHT + n)),
    trend,
    slopePerMonth: slope(trend)
  }
}

/** OLS slope of monthly means against month number (months between them count, so gaps are honest). */
function slope (trend: PeriodStat[]): number | null {
  if (trend.length < 2) return null
  const xs = trend.map((t) => { const [y, m] = t.period.split('-').map(Number); return y! * 12 + m! })
  const ys = trend.map((t) => t.mean)
  const mx = xs.reduce((s, x) => s + x, 0) / xs.length
  const my = ys.reduce((s, y) => s + y, 0) / ys.length
  let num = 0
  let den = 0
  for (let i = 0; i < xs.length; i++) { num += (xs[i]! - mx) * (ys[i]! - my); den += (xs[i]! - mx) ** 2 }
  return round(num / den)
}

function round (v: number): number {
  return Math.round(v * 1000) / 1000
}
