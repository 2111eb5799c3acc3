/**
 * An adherence programme's rules and the pure completion check. The window is `days` consecutive days from
 * the enrolment day. Completed when every window day has at least `minDailySteps` steps and the proportion
 * of window days covered by medication (PDC) is at least `minAdherencePercent`; a programme with
 * `minAdherencePercent` 0 has no medication rule. Status is recomputed from the data received so far:
 * IN_PROGRESS while the window lasts, FAILED once it has ended unmet (late data can still complete it).
 */

/** A plan's rules. */
export interface PlanRules {
  minDailySteps: number
  days: number
  minAdherencePercent: number
}

export type EnrolmentStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'

export interface PlanProgress {
  status: EnrolmentStatus
  stepDaysMet: number
  adherencePercent: number
  daysElapsed: number
}

/**
 * Checks plan rules.
 * @throws RangeError for steps < 0, days outside 1…366, or adherence outside 0…100 (all integers)
 */
export function checkPlanRules (rules: PlanRules): PlanRules {
  const int = (n: number, lo: number, hi: number): boolean => Number.isSafeInteger(n) && n >= lo && n <= hi
  if (!int(rules.minDailySteps, 0, 1_000_000)) throw new RangeError('minDailySteps must be an integer 0…1000000')
  if (!int(rules.days, 1, 366)) throw new RangeError('days must be an integer 1…366')
  if (!int(rules.minAdherencePercent, 0, 100)) throw new RangeError('minAdherencePercent must be an integer 0…100')
  return rules
}

/** Progress of an enrolment that started on day `startDay`, on day `today`. */
export function planProgress (rules: PlanRules, startDay: number, today: number, facts: { steps: ReadonlyMap<number, number>, covered: ReadonlySet<number> }): PlanProgress {
  const lastDay = startDay + rules.days - 1
  let stepDaysMet = 0
  let coveredDays = 0
  for (let d = startDay; d <= lastDay; d++) {
    if ((facts.steps.get(d) ?? 0) >= rules.minDailySteps) stepDaysMet++
    if (facts.covered.has(d)) coveredDays++
  }
  const adherencePercent = Math.floor((coveredDays * 100) / rules.days)
  const daysElapsed = Math.max(0, Math.min(rules.days, today - startDay + 1))
  const met = stepDaysMet === rules.days && adherencePercent >= rules.minAdherencePercent
  const status: EnrolmentStatus = met ? 'COMPLETED' : today > lastDay ? 'FAILED' : 'IN_PROGRESS'
  return { status, stepDaysMet, adherencePercent, daysElapsed }
}
