/**
 * What researchers (and, for outcomes, anyone signed in) see of the corpus: k-anonymous records, suppressed
 * aggregates, outcomes per treatment, and the cohort as NDJSON.
 */
import { aggregate, conditionOutcomes } from '../../../core/deid/index.ts'
import type { QuasiIdentifier } from '../../../core/deid/index.ts'
import { makeError } from '../../../core/errors.ts'
import { cursorNumber, numberCursor } from '../../cursor.ts'
import { requireResearcher, signedIn } from './access.ts'
import { researchK } from './config.ts'
import { corpusStore } from './model.ts'
import type { QueryResolvers, QuasiIdentifier as QuasiIdentifierEnum } from '../resolvers-types.generated.ts'
import { release, select } from './selection.ts'

/** Most records one cohort export holds. */
export const MAX_EXPORT_RECORDS = 10_000

const QI: Record<QuasiIdentifierEnum, QuasiIdentifier> = { AGE_BAND: 'ageBand', SEX: 'sex', REGION: 'region', OCCUPATION: 'occupation' }

export const browseQueries: Pick<QueryResolvers, 'corpusRecords' | 'corpusAggregate' | 'conditionOutcomes' | 'exportCohort'> = {
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a researcher); BAD_INPUT (first outside 1…500, bad cursor or filter) */
  corpusRecords: (_p, { filter, first, after }, ctx) => {
    requireResearcher(ctx)
    const n = first ?? 100
    if (!Number.isSafeInteger(n) || n < 1 || n > 500) throw makeError('first must be between 1 and 500', 'BAD_INPUT')
    const k = researchK()
    const { released, withheld } = release(corpusStore(ctx), filter, k)
    const from = after == null ? 0 : cursorNumber('corpus', after, 'corpus') + 1
    const page = released.slice(from, from + n)
    const last = from + page.length - 1
    return { records: page, withheld, k, endCursor: page.length === 0 ? null : numberCursor('corpus', last), hasNextPage: last + 1 < released.length }
  },
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a researcher); BAD_INPUT (no grouping, bad filter) */
  corpusAggregate: (_p, { filter, by }, ctx) => {
    requireResearcher(ctx)
    if (by.length === 0) throw makeError('group by at least one quasi-identifier', 'BAD_INPUT')
    const cells = aggregate(select(corpusStore(ctx), filter), [...new Set(by)].map((b) => QI[b]), researchK())
    return cells.map((c) => ({ ...c.group, count: c.count }))
  },
  /** @throws MedledgerError UNAUTHENTICATED; BAD_INPUT (empty or over-long code) */
  conditionOutcomes: (_p, { condition }, ctx) => {
    signedIn(ctx)
    if (condition.length === 0 || condition.length > 300) throw makeError('condition is a code of 1 to 300 characters', 'BAD_INPUT')
    const k = researchK()
    const o = conditionOutcomes(select(corpusStore(ctx), { condition }), condition, k)
    const { treatments, condition: c, ...overall } = o
    return { condition: c, overall, treatments, k }
  },
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a researcher); BAD_INPUT (bad filter, cohort over MAX_EXPORT_RECORDS) */
  exportCohort: (_p, { filter }, ctx) => {
    requireResearcher(ctx)
    const k = researchK()
    const { released, withheld } = release(corpusStore(ctx), filter, k)
    if (released.length > MAX_EXPORT_RECORDS) throw makeError(`the cohort holds more than ${MAX_EXPORT_RECORDS} records: narrow the filter`, 'BAD_INPUT')
    const lines = released.map((c) => JSON.stringify({ pseudonym: c.pseudonym, ...c.qi, resource: c.resource }))
    return { ndjson: lines.length === 0 ? '' : lines.join('\n') + '\n', records: released.length, people: new Set(released.map((c) => c.pseudonym)).size, withheld, k }
  }
}
