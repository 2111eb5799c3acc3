import { isError } from '../../core/errors.ts'
import type { InclusionProofOut } from '../../ports/ledger.ts'
import type { AnchorResolvers, HealthRecordResolvers } from './resolvers-types.generated.ts'
import { authorizeRead } from './access.ts'
import { dataOf } from './data.ts'
import { recordBodies, recordVersions } from './record-loaders.ts'

/**
 * Fields of a record version (parent: its index row). The row reached the caller through an entry point that
 * applied the policy (Query.record, Patient.records) or is what the caller just wrote; `history` reaches
 * other versions, so it applies the policy again.
 */
export const HealthRecord: HealthRecordResolvers = {
  id: (row) => row.recordId,
  version: (row) => row.version,
  resourceType: (row) => row.resourceType,
  codes: (row) => row.codes,
  effective: (row) => row.effective ?? null,
  author: (row) => row.actor,
  patient: (row) => ({ id: row.patientId }),
  fhir: async (row, _args, ctx) => recordBodies(ctx).load(row),
  anchor: (row, _args, ctx) => ({ row, proof: sealedProof(dataOf(ctx.services).ledger, row.entryIndex) }),
  /** @throws MedledgerError FORBIDDEN (logged) when the policy denies the record's versions */
  history: async (row, _args, ctx) => {
    await authorizeRead(ctx, row.patientId, [row.recordId])
    return recordVersions(ctx).load(row.recordId)
  }
}

/** Where a version sits in the ledger; block and proof stay null until the entry is sealed. */
export const Anchor: AnchorResolvers = {
  entryIndex: (s) => s.row.entryIndex,
  cid: (s) => s.row.cid,
  anchoredAt: (s) => new Date(s.row.anchoredAt).toISOString(),
  leafHash: (s, _args, ctx) => s.proof?.leafHash ?? dataOf(ctx.services).ledger.leafHashHex(s.row.entryIndex),
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
