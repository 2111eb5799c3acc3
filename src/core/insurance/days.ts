/**
 * Calendar days as integers (days since 1970-01-01). A FHIR dateTime's day is the date it names — its first
 * ten characters — not its UTC date: steps walked on the evening of the 5th in UTC−5 count for the 5th.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})/

/** The day a FHIR date or dateTime names, or undefined for anything else (partial dates included). */
export function dayOf (value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const m = DATE.exec(value)
  if (m === null) return undefined
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  const back = new Date(ms)
  if (back.getUTCDate() !== Number(m[3]) || back.getUTCMonth() !== Number(m[2]) - 1) return undefined
  return ms / 86_400_000
}

/** The UTC day of an instant (ms since epoch). */
export function dayOfInstant (ms: number): number {
  return Math.floor(ms / 86_400_000)
}

/** `YYYY-MM-DD` of a day number. */
export function isoDay (day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10)
}
