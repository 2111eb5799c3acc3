import type { FhirResource } from '../../../core/fhir/metadata.ts'
import type { RecordRow } from '../../../ports/record-index.ts'
import { actorOf } from '../../context.ts'
import type { SubgraphContext } from '../../context.ts'
import { dataOf } from '../data.ts'
import { patientKey } from '../patient-keys.ts'
import { recordBodies, recordVersions } from '../record-loaders.ts'
import { patientRows } from './patient-rows.ts'

/**
 * Writes a record version through the spine (encrypted to the patient's key, stored, anchored, indexed) and
 * refreshes this request's loaders so later fields see it. `recordId` makes it that record's next version.
 * @throws MedledgerError NOT_FOUND for an unregistered patient; BAD_INPUT; CONFLICT when `recordId` is another patient's
 */
export async function writeRecord (ctx: SubgraphContext, patientId: string, resource: FhirResource, recordId?: string): Promise<RecordRow> {
  const patient = patientKey(ctx.services, patientId)
  const input = recordId === undefined ? { patient, resource } : { patient, resource, recordId }
  const [row] = await dataOf(ctx.services).spine.write([input], { actor: actorOf(ctx.viewer) })
  recordVersions(ctx).clear(row!.recordId)
  patientRows(ctx).clear(patientId)
  recordBodies(ctx).prime(row!, resource)
  return row!
}
