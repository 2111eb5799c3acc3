/** What the research subgraph's object types resolve from (codegen mappers), and its store handle. */
import type { SubgraphContext } from '../../context.ts'
import type { FhirResource } from '../../../core/fhir/metadata.ts'
import type { QuasiIdentifiers } from '../../../core/deid/index.ts'
import { openCorpusStore } from './corpus-store.ts'
import type { CorpusStore } from './corpus-store.ts'

/** A released corpus record. */
export interface CorpusRecordOut { pseudonym: string, qi: QuasiIdentifiers, resourceType: string, codes: string[], resource: FhirResource }

/** A network member's de-identified summary. */
export interface NetworkMemberOut { pseudonym: string, qi: QuasiIdentifiers, records: FhirResource[] }

/**
 * This process's research store (`<data folder>/research.db`), opened on first use.
 * @throws Error from node:sqlite when the file cannot be opened
 */
export function corpusStore (ctx: Pick<SubgraphContext, 'services'>): CorpusStore {
  return ctx.services.store('research', (file) => openCorpusStore(file))
}
