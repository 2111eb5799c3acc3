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

/** USPS codes of the states, DC and the inhabited territories, each with its name. */
const US_STATES: Readonly<Record<string, string>> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut', DE: 'Delaware',
  DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa',
  KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota',
  MS: 'Mississippi', MO: 'Missouri', MT: 'Montana', NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey',
  NM: 'New Mexico', NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon',
  PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming', AS: 'American Samoa',
  GU: 'Guam', MP: 'Northern Mariana Islands', PR: 'Puerto Rico', VI: 'U.S. Virgin Islands'
}
const STATE_NAMES = new Set(Object.values(US_STATES).map((n) => n.toLowerCase()))

/**
 * The region of an address: its state (the finest geography Safe Harbor keeps), else the releasable ZIP3 as
 * `zip3:<digits>`, else `unknown`. City, district, street lines and full postal codes are never used. Only a
 * US state code or name counts as a state: `state` is free text, and a city or county written there would
 * otherwise be released as geography below the state.
 */
export function regionOf (address: { state?: unknown, postalCode?: unknown } | undefined): string {
  const state = typeof address?.state === 'string' ? address.state.trim() : ''
  if (Object.hasOwn(US_STATES, state.toUpperCase()) || STATE_NAMES.has(state.toLowerCase())) return state
  const z = zip3(address?.postalCode)
  return z === undefined ? 'unknown' : `zip3:${z}`
}
