/**
 * The ingredients of a prescribed drug, so that class rules written per ingredient (rules-data.ts) meet
 * prescriptions coded at product level. For each RxNorm coding, in order of trust:
 *
 * 1. CODED — the code is an ingredient of the rule table itself (e.g. 29046 lisinopril);
 * 2. RXNORM_MAPPING — the shipped product → ingredient table (rxnorm-products.ts, sourced from RxNorm);
 * 3. DISPLAY_NAME — neither: the ingredient names are read from the coding's display (or the concept's
 *    text), RxNorm style "lisinopril 10 MG Oral Tablet", "amoxicillin 250 MG / clavulanate 125 MG …". Such a
 *    guess is flagged so a client can show it as unverified; it carries an RxNorm code only when the name is
 *    one of the rule table's ingredients (or their aliases, e.g. alendronic acid).
 *
 * Pure.
 */
import { DRUG_CLASSES } from './rules-data.ts'
import type { DrugClass } from './rules-data.ts'
import { RXNORM_PRODUCTS } from './rxnorm-products.ts'
import type { Code } from './values.ts'

export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm'

/** How an ingredient was found: see the module comment. */
export type IngredientBasis = 'CODED' | 'RXNORM_MAPPING' | 'DISPLAY_NAME'

/** One ingredient of a prescribed drug. */
export interface DrugIngredient {
  /** RxNorm ingredient code; absent when only a display name was read and it is not a known ingredient. */
  rxnorm?: string
  name: string
  basis: IngredientBasis
}

/** Every known ingredient name (lower case) and alias → its RxNorm code and RxNorm name. */
const KNOWN = new Map<string, { rxnorm: string, name: string }>()
for (const c of DRUG_CLASSES) {
  for (const i of c.ingredients) KNOWN.set(i.name.toLowerCase(), i)
  for (const [alias, code] of Object.entries(c.aliases ?? {})) {
    const i = c.ingredients.find((x) => x.rxnorm === code)
    if (i !== undefined) KNOWN.set(alias.toLowerCase(), i)
  }
}
const KNOWN_BY_CODE = new Map([...KNOWN.values()].map((i) => [i.rxnorm, i]))
/** Known names, longest first, so "penicillin g" is tried before "penicillin". */
const KNOWN_NAMES = [...KNOWN.keys()].sort((a, b) => b.length - a.length)

/**
 * The ingredients of a medication's codings (see the module comment), each ingredient once; empty when no
 * coding is RxNorm and no display names a drug.
 */
export function ingredientsOf (codes: readonly Code[], text?: string): DrugIngredient[] {
  const out: DrugIngredient[] = []
  const add = (i: DrugIngredient): void => {
    if (!out.some((o) => (o.rxnorm !== undefined && o.rxnorm === i.rxnorm) || o.name.toLowerCase() === i.name.toLowerCase())) out.push(i)
  }
  const rx = codes.filter((c) => c.system === RXNORM_SYSTEM && c.code !== undefined)
  for (const c of rx) {
    const known = KNOWN_BY_CODE.get(c.code!)
    const product = RXNORM_PRODUCTS[c.code!]
    if (known !== undefined) add({ ...known, basis: 'CODED' })
    else if (product !== undefined) for (const i of product.ingredients) add({ ...i, basis: 'RXNORM_MAPPING' })
  }
  if (out.length > 0) return out
  const displays = [...rx.map((c) => c.display), ...codes.map((c) => c.display), text].filter((d): d is string => d !== undefined && d.trim() !== '')
  for (const name of displays.length === 0 ? [] : namesInDisplay(displays[0]!)) {
    const known = knownPrefix(name)
    add(known === undefined ? { name, basis: 'DISPLAY_NAME' } : { ...known, basis: 'DISPLAY_NAME' })
  }
  return out
}

/** The rule-table classes of a drug with these ingredients. */
export function classesOfIngredients (ingredients: readonly DrugIngredient[]): DrugClass[] {
  const codes = new Set(ingredients.map((i) => i.rxnorm).filter((c): c is string => c !== undefined))
  return DRUG_CLASSES.filter((c) => c.ingredients.some((i) => codes.has(i.rxnorm)))
}

/**
 * True when a drug with these ingredients belongs to class `classId` only through ingredients read from its
 * display (DISPLAY_NAME): a match to verify before acting on it.
 */
export function inClassOnlyByDisplayName (ingredients: readonly DrugIngredient[], classId: string): boolean {
  const members = DRUG_CLASSES.find((c) => c.id === classId)?.ingredients ?? []
  const hits = ingredients.filter((i) => members.some((m) => m.rxnorm === i.rxnorm))
  return hits.length > 0 && hits.every((i) => i.basis === 'DISPLAY_NAME')
}

/**
 * The ingredient names of an RxNorm-style display: brand suffixes in brackets dropped, combinations split
 * at " / ", each part cut before its strength (the first token that starts with a digit) or dose form.
 */
export function namesInDisplay (display: string): string[] {
  const plain = display.replace(/\[[^\]]*\]/g, ' ').replace(/[{}()]/g, ' ').toLowerCase()
  const names: string[] = []
  for (const part of plain.split(/\s\/\s/)) {
    const words: string[] = []
    for (const w of part.trim().split(/\s+/)) {
      if (/^[\d.]/.test(w) || FORM_WORDS.has(w)) break
      words.push(w)
    }
    const name = words.join(' ').trim()
    if (name !== '' && !names.includes(name)) names.push(name)
  }
  return names
}

const FORM_WORDS = new Set(['oral', 'tablet', 'capsule', 'injectable', 'injection', 'solution', 'suspension', 'topical', 'inhalation', 'nasal', 'ophthalmic', 'extended', 'delayed', 'chewable', 'pack', 'prefilled', 'mg', 'ml', 'unt'])

/** The known ingredient a display name starts with, as a whole word ("naproxen sodium" → naproxen). */
function knownPrefix (name: string): { rxnorm: string, name: string } | undefined {
  const hit = KNOWN_NAMES.find((k) => name === k || name.startsWith(`${k} `))
  return hit === undefined ? undefined : KNOWN.get(hit)
}
