/**
 * De-identification for the open research corpus, pure: HIPAA Safe Harbor (45 CFR 164.514(b)(2)) by
 * allow-list (resource.ts) with text scrubbing (scrub.ts) and the person's known identifiers
 * (known-identifiers.ts); dates to the year and ages over 89 grouped (dates.ts); geography to the state and
 * the ZIP3 rule (zip.ts); random pseudonyms (pseudonym.ts); generalized quasi-identifiers (quasi.ts);
 * k-anonymous release and suppressed aggregates (k-anonymity.ts); treatment outcomes (outcomes.ts); the
 * patient's signed share (share-typed-data.ts).
 */
export { AGE_BAND_YEARS, OLDEST_BAND, UNKNOWN, ageBand, yearOf, yearOnly } from './dates.ts'
export { RESTRICTED_ZIP3, regionOf, zip3 } from './zip.ts'
export { REDACTED, scrubText } from './scrub.ts'
export { identifyingStrings } from './known-identifiers.ts'
export { deidentifyResource } from './resource.ts'
export type { DeidentifyOptions } from './resource.ts'
export { newPseudonym } from './pseudonym.ts'
export { OCCUPATION_CATEGORIES, QUASI_IDENTIFIERS, classKey, quasiIdentifiers } from './quasi.ts'
export type { OccupationCategory, QuasiIdentifier, QuasiIdentifiers } from './quasi.ts'
export { aggregate, kAnonymous, suppress } from './k-anonymity.ts'
export type { AggregateCell, KRow } from './k-anonymity.ts'
export { codesOf, conditionOutcomes, isRecovered, matchesCode } from './outcomes.ts'
export type { ConditionOutcomes, CorpusCopy, OutcomeCounts } from './outcomes.ts'
export { MAX_SHARE_RECORDS, RESEARCH_PURPOSE, parseShareTypedData, shareTypedData } from './share-typed-data.ts'
export type { ResearchShareMessage, ResearchShareTypedData } from './share-typed-data.ts'
