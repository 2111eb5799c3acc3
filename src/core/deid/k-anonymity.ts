/**
 * k-anonymity (Sweeney 2002) over the corpus's quasi-identifiers: a release shows a record only when at
 * least k distinct people of the released set share its equivalence class (same age band, sex, region and
 * occupation); smaller classes are withheld until they grow. Classes are counted in the set being released
 * (after any filter), since a class small inside a cohort re-identifies even when it is large in the corpus.
 * Aggregates count distinct people per cell and suppress every cell below k.
 */
import { classKey } from './quasi.ts'
import type { QuasiIdentifier, QuasiIdentifiers } from './quasi.ts'

/** What k-anonymity needs of a released row: whose it is (pseudonym) and its quasi-identifiers. */
export interface KRow { pseudonym: string, qi: QuasiIdentifiers }

/**
 * The rows whose equivalence class holds at least `k` distinct pseudonyms among `rows`, in input order, and
 * whether anything was withheld.
 * @throws RangeError when k is not an integer ≥ 1
 */
export function kAnonymous<R extends KRow> (rows: readonly R[], k: number): { released: R[], withheld: boolean } {
  assertK(k)
  const people = new Map<string, Set<string>>()
  for (const r of rows) {
    const key = classKey(r.qi)
    let s = people.get(key)
    if (s === undefined) people.set(key, s = new Set())
    s.add(r.pseudonym)
  }
  const released = rows.filter((r) => people.get(classKey(r.qi))!.size >= k)
  return { released, withheld: released.length < rows.length }
}

/** One cell of an aggregate: the grouping values, and the count of distinct people (null when suppressed). */
export interface AggregateCell {
  group: Partial<QuasiIdentifiers>
  count: number | null
}

/**
 * Distinct people per combination of the `by` quasi-identifiers; a cell below `k` has count null. Cells are
 * ordered by their group values.
 * @throws RangeError when k is not an integer ≥ 1
 */
export function aggregate (rows: readonly KRow[], by: readonly QuasiIdentifier[], k: number): AggregateCell[] {
  assertK(k)
  const cells = new Map<string, { group: Partial<QuasiIdentifiers>, people: Set<string> }>()
  for (const r of rows) {
    const group: Record<string, string> = {}
    for (const q of by) group[q] = r.qi[q]
    const key = JSON.stringify(by.map((q) => r.qi[q]))
    let c = cells.get(key)
    if (c === undefined) cells.set(key, c = { group, people: new Set() })
    c.people.add(r.pseudonym)
  }
  return [...cells.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
    .map(([, c]) => ({ group: c.group, count: suppress(c.people.size, k) }))
}

/** `n` when it reaches k, else null (a suppressed count). */
export function suppress (n: number, k: number): number | null {
  return n >= k ? n : null
}

function assertK (k: number): void {
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError('k must be an integer ≥ 1')
}
