import { canonicalJson } from '../../core/canonical-json.ts'
import { isError } from '../../core/errors.ts'
import type { InclusionProofOut } from '../../ports/ledger.ts'
import type { AnchorResolvers, HealthRecordResolvers } from './resolvers-types.generated.ts'
import { authorizeRows, logReads } from './access.ts'
import { dataOf } from './data.ts'
import { recordBodies, recordVersions } from './record-loaders.ts'
import { patientRecordStub, shieldsPatientRecord } from './clinical/patient-owned.ts'

/**
 * Fields of a record version (parent: its index row). The row reached the caller through an entry point that
 * applied consent (Query.record, Patient.records, history) or is what the caller just wrote; `history`
 * reaches other versions, so it applies consent again, version by version.
 */
export const HealthRecord: HealthRecordResolvers = {
  id: (row) => row.recordId,
  version: (row) => row.version,
  resourceType: (row) => row.resourceType,
  codes: (row) => row.codes,
  effective: (row, _args, ctx) => shieldsPatientRecord(ctx.viewer, row) ? null : row.effective ?? null,
  author: (row) => row.actor,
  patient: (row) => ({ id: row.patientId }),
  fhir: async (row, _args, ctx) => shieldsPatientRecord(ctx.viewer, row) ? patientRecordStub() : recordBodies(ctx).load(row),
  anchor: (row, _args, ctx) => ({ row, proof: sealedProof(dataOf(ctx.services).ledger, row.entryIndex) }),
  /**
   * The versions the caller may read for `purpose`, oldest first (each version decided on its own metadata).
   * @throws MedledgerError CONSENT_REQUIRED (logged) when consent permits none of them
   */
  history: async (row, { purpose }, ctx) => {
    const p = purpose ?? 'TREAT'
    const auth = await authorizeRows(ctx, row.patientId, await recordVersions(ctx).load(row.recordId), p)
    await logReads(ctx, row.patientId, p, auth, auth.permitted)
    return auth.permitted.map((v) => v.row)
  }
}

/** Where a version sits in the ledger; block and proof stay null until the entry is sealed. */
export const Anchor: AnchorResolvers = {
  entryIndex: (s) => s.row.entryIndex,
  cid: (s) => s.row.cid,
  anchoredAt: (s) => s.row.anchoredAt,
  leafHash: (s, _args, ctx) => s.proof?.leafHash ?? dataOf(ctx.services).ledger.leafHashHex(s.row.entryIndex),
  // The ledger stores each entry as canonical JSON; canonicalizing the parsed entry gives back those bytes.
  entry: (s, _args, ctx) => canonicalJson(dataOf(ctx.services).ledger.entry(s.row.entryIndex)),
  block: (s) => s.proof === null ? null : { height: s.proof.block.height },
  inclusionProof: (s) => s.proof?.path ?? null
}

function sealedProof (ledger: { inclusionProof(index: number): InclusionProofOut }, entryIndex: number): InclusionProofOut | null {
  try {
    return ledger.inclusionProof(entryIndex)
  } catch (err) {
    if (isError(err, 'NOT_SEALED')) return null
    throw err
  }
}
