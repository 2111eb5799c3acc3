/**
 * Units as the API emits them: a UCUM code (https://ucum.org/ucum, the FHIR R4 default for Quantity) beside
 * a display unit for people. Data arrives with near-UCUM spellings — Synthea-derived sets write `mmHg`,
 * `beats/minute` or `C` as the code — so a code in {@link UCUM_ALIASES} is replaced by the UCUM code it
 * stands for, and a count noun (tablet, puff) becomes a UCUM annotation (`{tablet}`). A code outside the table
 * passes as written: extend the table when a new data source brings a new spelling
 * (test/e2e/units.test.ts checks every unit the API emits on the fixtures against the UCUM grammar). Pure.
 */

export const UCUM_SYSTEM = 'http://unitsofmeasure.org'

/** Non-UCUM spellings seen in clinical data (lower case) → their UCUM code. */
export const UCUM_ALIASES: Readonly<Record<string, string>> = {
  mmhg: 'mm[Hg]',
  'mm hg': 'mm[Hg]',
  c: 'Cel',
  '°c': 'Cel',
  degc: 'Cel',
  f: '[degF]',
  '°f': '[degF]',
  degf: '[degF]',
  'beats/minute': '/min',
  'beats/min': '/min',
  bpm: '/min',
  'breaths/minute': '/min',
  'breaths/min': '/min',
  'kg/m^2': 'kg/m2',
  lb: '[lb_av]',
  lbs: '[lb_av]',
  in: '[in_i]',
  'mg/dl': 'mg/dL',
  'mmol/l': 'mmol/L',
  ml: 'mL',
  hours: 'h',
  hour: 'h',
  hr: 'h',
  minutes: 'min',
  minute: 'min',
  days: 'd',
  day: 'd',
  weeks: 'wk',
  week: 'wk',
  months: 'mo',
  month: 'mo',
  years: 'a',
  year: 'a',
  tablet: '{tablet}',
  tablets: '{tablet}',
  tab: '{tablet}',
  capsule: '{capsule}',
  capsules: '{capsule}',
  puff: '{puff}',
  puffs: '{puff}'
}

/** Display units of UCUM codes whose code is not what people write. */
const DISPLAY: Readonly<Record<string, string>> = {
  'mm[Hg]': 'mmHg', Cel: '°C', '[degF]': '°F', '[lb_av]': 'lb', '[in_i]': 'in', '{tablet}': 'tablet', '{capsule}': 'capsule', '{puff}': 'puff', a: 'years', mo: 'months', wk: 'weeks', d: 'days'
}

/** A unit as the API emits it. */
export interface UcumUnit {
  /** The UCUM code. */
  code: string
  /** For people: the unit text the data carries, else a display of the code. */
  display: string
}

/** The UCUM code for a code (or unit text) as written. */
export function ucumCode (written: string): string {
  const trimmed = written.trim()
  return UCUM_ALIASES[trimmed.toLowerCase()] ?? trimmed
}

/**
 * The unit of a FHIR Quantity: its `code` (else its `unit` text) as a UCUM code, and its `unit` text (else a
 * display of the code) for people; undefined when it carries neither.
 */
export function ucumUnit (q: { unit?: unknown, code?: unknown }): UcumUnit | undefined {
  const text = typeof q.unit === 'string' && q.unit.trim() !== '' ? q.unit.trim() : undefined
  const written = typeof q.code === 'string' && q.code.trim() !== '' ? q.code : text
  if (written === undefined) return undefined
  const code = ucumCode(written)
  return { code, display: text ?? DISPLAY[code] ?? code }
}

/** A display for a UCUM code the API emits without a unit text (e.g. a score's unit). */
export function ucumDisplay (code: string): string {
  return DISPLAY[code] ?? code
}
