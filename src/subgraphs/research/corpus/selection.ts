/**
 * Selecting part of the corpus (CorpusFilter) and releasing it k-anonymously. Classes are counted in the
 * selection itself (see core/deid/k-anonymity.ts).
 */
import { codesOf, kAnonymous, matchesCode } from '../../../core/deid/index.ts'
import { makeError } from '../../../core/errors.ts'
import type { CopyRow, CorpusStore } from './corpus-store.ts'
import type { CorpusFilter } from '../resolvers-types.generated.ts'

const TREATMENT_TYPES = new Set(['MedicationRequest', 'MedicationStatement', 'MedicationAdministration', 'Procedure'])

/**
 * The copies of the people matching `filter` (all of it for null), restricted to its resource types.
 * @throws MedledgerError BAD_INPUT for an over-long filter value
 */
export function select (store: CorpusStore, filter: CorpusFilter | null | undefined): CopyRow[] {
  const f = filter ?? {}
  for (const v of [f.condition, f.treatment, f.ageBand, f.sex, f.region]) {
    if (v != null && (v.length === 0 || v.length > 300)) throw makeError('filter values are 1 to 300 characters', 'BAD_INPUT')
  }
  if (f.resourceTypes != null && (f.resourceTypes.length > 50 || f.resourceTypes.some((t) => t.length === 0 || t.length > 64))) throw makeError('resourceTypes holds 0 to 50 types of 1 to 64 characters', 'BAD_INPUT')
  const byPerson = new Map<string, CopyRow[]>()
  for (const c of store.copies()) {
    let list = byPerson.get(c.pseudonym)
    if (list === undefined) byPerson.set(c.pseudonym, list = [])
    list.push(c)
  }
  const out: CopyRow[] = []
  for (const copies of byPerson.values()) {
    const qi = copies[0]!.qi
    if (f.ageBand != null && qi.ageBand !== f.ageBand) continue
    if (f.sex != null && qi.sex !== f.sex) continue
    if (f.region != null && qi.region !== f.region) continue
    if (f.occupation != null && qi.occupation !== f.occupation) continue
    if (f.condition != null && !copies.some((c) => c.resourceType === 'Condition' && matchesCode(codesOf(c.resource.code), f.condition!))) continue
    if (f.treatment != null && !copies.some((c) => TREATMENT_TYPES.has(c.resourceType) && matchesCode(codesOf(c.resourceType === 'Procedure' ? c.resource.code : c.resource.medicationCodeableConcept), f.treatment!))) continue
    out.push(...(f.resourceTypes == null ? copies : copies.filter((c) => f.resourceTypes!.includes(c.resourceType))))
  }
  return out
}

/** The k-anonymous part of a selection. */
export function release (store: CorpusStore, filter: CorpusFilter | null | undefined, k: number): { released: CopyRow[], withheld: boolean } {
  return kAnonymous(select(store, filter), k)
}
