/**
 * Safe Harbor dates and ages (45 CFR 164.514(b)(2)(i)(C)): every element of a date except the year is removed,
 * and ages over 89 (with any date element that would reveal them) fold into one category, "90+".
 * https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-E/section-164.514
 */

/** Width of an age band in years (generalized quasi-identifier). */
export const AGE_BAND_YEARS = 10

/** The band every age of 90 and over falls into. */
export const OLDEST_BAND = '90+'

/** The band when the birth year is unknown. */
export const UNKNOWN = 'unknown'

/**
 * The year of an ISO 8601 date or dateTime (`2019`, `2019-03`, `2019-03-04T10:00:00Z`), or undefined for
 * anything that does not start with a four-digit year.
 */
export function yearOf (value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const m = /^(\d{4})(?:$|-)/.exec(value)
  return m === null ? undefined : Number(m[1])
}

/**
 * The age band of a person born in `birthYear`, as of `atYear`: `0-9`, `10-19`, …, `80-89`, then `90+`
 * (Safe Harbor: ages over 89 are one category). Year arithmetic only, since the day is not kept.
 * @throws RangeError when `atYear` is not an integer
 */
export function ageBand (birthYear: number | undefined, atYear: number): string {
  if (!Number.isSafeInteger(atYear)) throw new RangeError('atYear must be an integer')
  if (birthYear === undefined || !Number.isSafeInteger(birthYear) || birthYear > atYear) return UNKNOWN
  const age = atYear - birthYear
  if (age > 89) return OLDEST_BAND
  const low = Math.floor(age / AGE_BAND_YEARS) * AGE_BAND_YEARS
  return `${low}-${low + AGE_BAND_YEARS - 1}`
}

/**
 * A date reduced to its year, as a FHIR date string (`"2019"` is a valid FHIR date and dateTime), or
 * undefined when it has none.
 */
export function yearOnly (value: unknown): string | undefined {
  const y = yearOf(value)
  return y === undefined ? undefined : String(y).padStart(4, '0')
}
