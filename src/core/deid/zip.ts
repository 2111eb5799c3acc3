/**
 * Safe Harbor geography (45 CFR 164.514(b)(2)(i)(B)): nothing below the state, except the first three digits
 * of a ZIP code when the area they cover holds more than 20,000 people; the ZIP3 areas of 20,000 or fewer
 * (2000 Census, as HHS lists them in its de-identification guidance) become `000`.
 * https://www.hhs.gov/hipaa/for-professionals/special-topics/de-identification/index.html
 */

/** The 17 three-digit ZIP codes HHS lists as covering 20,000 people or fewer. */
export const RESTRICTED_ZIP3 = Object.freeze(['036', '059', '063', '102', '203', '556', '692', '790', '821', '823', '830', '831', '878', '879', '884', '890', '893'])

const restricted = new Set(RESTRICTED_ZIP3)

/**
 * The releasable ZIP3 of a US postal code (`02124` → `021`, `03601` → `000`), or undefined when the value
 * does not start with five digits.
 */
export function zip3 (postalCode: unknown): string | undefined {
  if (typeof postalCode !== 'string') return undefined
  const m = /^\s*(\d{3})\d{2}(?:$|[-\s]\d{4}\s*$|\s*$)/.exec(postalCode)
  if (m === null) return undefined
  return restricted.has(m[1]!) ? '000' : m[1]!
}

/**
 * The region of an address: its state (the finest geography Safe Harbor keeps), else the releasable ZIP3 as
 * `zip3:<digits>`, else `unknown`. City, district, street lines and full postal codes are never used.
 */
export function regionOf (address: { state?: unknown, postalCode?: unknown } | undefined): string {
  const state = address?.state
  if (typeof state === 'string' && /^[A-Za-z .'-]{2,40}$/.test(state.trim())) return state.trim()
  const z = zip3(address?.postalCode)
  return z === undefined ? 'unknown' : `zip3:${z}`
}
