/**
 * Contraindications for the treating doctor: active allergies and intolerances (with criticality), drug
 * classes to avoid because of an active condition or an allergy, and interactions among current
 * medications — from the tables of rules-data.ts. Two steps so the caller decrypts little:
 * {@link planContraindications} picks rows from index metadata; {@link contraindicationReport} decides on the
 * decrypted views. Pure; generic over the row type (RecordRow in the subgraph).
 */
import { classesOfIngredients, inClassOnlyByDisplayName, ingredientsOf, RXNORM_SYSTEM } from './ingredients.ts'
import type { DrugIngredient } from './ingredients.ts'
import { ALLERGY_CLASS_RULES, CONDITION_RULES, DRUG_CLASSES, INTERACTION_RULES } from './rules-data.ts'
import type { ConditionRule, DrugClass, InteractionRule } from './rules-data.ts'
import { allergyActiveAt, conditionActiveAt, latestPerCode, medicationCurrentAt } from './select.ts'
import type { IndexedRecord } from './select.ts'
import { codeKey } from './values.ts'
import type { Code } from './values.ts'
import type { AllergyView, ConditionView, MedicationView } from './views.ts'

/** A decrypted record with its typed view. */
export interface Viewed<R, V> {
  row: R
  view: V
}

const RULE_CONDITIONS = new Set(CONDITION_RULES.flatMap((r) => r.conditions))

/**
 * The rows to decrypt: every allergy/intolerance; only conditions whose index codes some rule names; the
 * latest prescription or statement of each drug.
 */
export function planContraindications<R extends IndexedRecord> (rows: readonly R[]): { allergies: R[], conditions: R[], medications: R[] } {
  return {
    allergies: rows.filter((r) => r.resourceType === 'AllergyIntolerance'),
    conditions: rows.filter((r) => r.resourceType === 'Condition' && r.codes.some((c) => RULE_CONDITIONS.has(c))),
    medications: latestPerCode(rows.filter((r) => r.resourceType === 'MedicationRequest' || r.resourceType === 'MedicationStatement'))
  }
}

/**
 * The drug classes a medication belongs to, through its ingredients (ingredients.ts): an ingredient code,
 * a product code of the shipped RxNorm mapping, or else the ingredient its display names.
 */
export function classesOf (view: { codes: readonly Code[] }): DrugClass[] {
  return classesOfIngredients(ingredientsOf(view.codes))
}

export interface CurrentMedication<R> extends Viewed<R, MedicationView> {
  ingredients: DrugIngredient[]
  classes: DrugClass[]
}

export interface DrugContraindication<R> {
  rule: ConditionRule
  drugClass: DrugClass
  condition: Viewed<R, ConditionView>
  /** Current medications of the class: the conflict to act on. */
  conflicting: Array<CurrentMedication<R>>
  /** True when a conflicting medication is in the class only by its display name (see ingredients.ts): verify. */
  unverified: boolean
}

export interface AllergyConflict<R> {
  allergy: Viewed<R, AllergyView>
  /** The class to avoid, when a rule maps the substance to one. */
  drugClass?: DrugClass
  /** Current medications of that class, or with the allergy's own substance code. */
  conflicting: Array<CurrentMedication<R>>
  /** True when a conflicting medication is in the class only by its display name: verify. */
  unverified: boolean
}

export interface Interaction<R> {
  rule: InteractionRule
  a: CurrentMedication<R>
  b: CurrentMedication<R>
  /** True when `a` or `b` is in its class of the rule only by its display name: verify. */
  unverified: boolean
}

export interface ContraindicationReport<R> {
  allergies: Array<Viewed<R, AllergyView>>
  currentMedications: Array<CurrentMedication<R>>
  drugContraindications: Array<DrugContraindication<R>>
  allergyConflicts: Array<AllergyConflict<R>>
  interactions: Array<Interaction<R>>
}

const CRITICALITY_ORDER: Readonly<Record<string, number>> = { high: 0, 'unable-to-assess': 1, low: 2 }

/**
 * The report at `at` (ms): active allergies, high criticality first; for each active condition a rule names,
 * the class to avoid and the current medications in it; for each allergy the class it rules out and any
 * current medication in it; every interacting pair of current medications (each pair once).
 */
export function contraindicationReport<R> (input: {
  allergies: ReadonlyArray<Viewed<R, AllergyView>>
  conditions: ReadonlyArray<Viewed<R, ConditionView>>
  medications: ReadonlyArray<Viewed<R, MedicationView>>
  at: number
}): ContraindicationReport<R> {
  const { at } = input
  const allergies = input.allergies.filter((a) => allergyActiveAt(a.view, at))
    .sort((a, b) => (CRITICALITY_ORDER[a.view.criticality ?? ''] ?? 3) - (CRITICALITY_ORDER[b.view.criticality ?? ''] ?? 3))
  const current = input.medications.filter((m) => medicationCurrentAt(m.view, at)).map((m) => {
    const ingredients = ingredientsOf(m.view.codes)
    return { ...m, ingredients, classes: classesOfIngredients(ingredients) }
  })
  const inClass = (id: string): Array<CurrentMedication<R>> => current.filter((m) => m.classes.some((c) => c.id === id))

  const drugContraindications: Array<DrugContraindication<R>> = []
  for (const condition of input.conditions) {
    if (!conditionActiveAt(condition.view, at)) continue
    const keys = condition.view.codes.map(codeKey)
    for (const rule of CONDITION_RULES) {
      if (!rule.conditions.some((c) => keys.includes(c))) continue
      const conflicting = inClass(rule.drugClass)
      drugContraindications.push({ rule, drugClass: classById(rule.drugClass), condition, conflicting, unverified: conflicting.some((m) => inClassOnlyByDisplayName(m.ingredients, rule.drugClass)) })
    }
  }

  const allergyConflicts: Array<AllergyConflict<R>> = []
  for (const allergy of allergies) {
    const keys = allergy.view.codes.map(codeKey).filter((k): k is string => k !== undefined)
    const rule = ALLERGY_CLASS_RULES.find((r) => r.substances.some((s) => keys.includes(s)))
    // the allergy's own substance, coded on the medication or as one of its ingredients
    const direct = current.filter((m) => m.view.codes.some((c) => keys.includes(codeKey(c) ?? '')) ||
      m.ingredients.some((i) => i.rxnorm !== undefined && keys.includes(`${RXNORM_SYSTEM}|${i.rxnorm}`)))
    const conflicting = unique([...direct, ...(rule === undefined ? [] : inClass(rule.drugClass))])
    if (rule === undefined && conflicting.length === 0) continue
    // a direct substance match is as coded; a class match may rest on a display name
    const unverified = rule !== undefined && conflicting.some((m) => !direct.includes(m) && inClassOnlyByDisplayName(m.ingredients, rule.drugClass))
    allergyConflicts.push(rule === undefined ? { allergy, conflicting, unverified } : { allergy, drugClass: classById(rule.drugClass), conflicting, unverified })
  }

  const interactions: Array<Interaction<R>> = []
  for (let i = 0; i < current.length; i++) {
    for (let j = i + 1; j < current.length; j++) {
      const a = current[i]!
      const b = current[j]!
      for (const rule of INTERACTION_RULES) {
        const [x, y] = rule.classes
        const has = (m: CurrentMedication<R>, id: string): boolean => m.classes.some((c) => c.id === id)
        const byDisplay = (m: CurrentMedication<R>, id: string): boolean => inClassOnlyByDisplayName(m.ingredients, id)
        if (has(a, x) && has(b, y)) interactions.push({ rule, a, b, unverified: byDisplay(a, x) || byDisplay(b, y) })
        else if (has(a, y) && has(b, x)) interactions.push({ rule, a, b, unverified: byDisplay(a, y) || byDisplay(b, x) })
      }
    }
  }
  return { allergies, currentMedications: current, drugContraindications, allergyConflicts, interactions }
}

function classById (id: string): DrugClass {
  const c = DRUG_CLASSES.find((x) => x.id === id)
  if (c === undefined) throw new Error(`rules-data names an unknown drug class ${id}`)
  return c
}

function unique<T> (xs: readonly T[]): T[] {
  return [...new Set(xs)]
}
