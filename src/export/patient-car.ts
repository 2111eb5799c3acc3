import { CarReader } from '@ipld/car/reader'
import { CarWriter } from '@ipld/car/writer'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { canonicalBytes } from '../core/canonical-json.ts'
import type { BodyStore } from '../ports/body-store.ts'
import type { InclusionProofOut, Ledger, RecordAnchored } from '../ports/ledger.ts'
import type { RecordIndex } from '../ports/record-index.ts'
import type { RecordSpine } from '../spine/record-spine.ts'

export const PATIENT_EXPORT_FORMAT = 'medledger-patient-export/1'

/** The CAR's root block (raw, canonical JSON): what each body is and how to check it against the ledger. */
export interface PatientExportManifest {
  format: typeof PATIENT_EXPORT_FORMAT
  patientId: string
  exportedAt: number
  records: Array<{
    recordId: string
    version: number
    cid: string
    /** The RecordAnchored ledger entry; its canonical JSON is the RFC 9162 leaf. */
    entry: RecordAnchored
    /** Inclusion proof of the entry in the signed block (tree head) that first covers it. */
    proof: InclusionProofOut
  }>
}

/**
 * Streams a CARv1 of a patient's record, verifiable offline: root = a manifest block (raw, canonical JSON,
 * {@link PatientExportManifest}) listing every version of every record with its ledger entry and inclusion
 * proof in a signed block; then every encrypted body's blocks. A verifier re-hashes each block, opens each
 * body with the patient key (openWithPatientKey), recomputes each leaf hash and checks each proof against
 * the block root and the block's signature. Seals pending ledger entries first, so every version has a proof.
 * @throws MedledgerError BODY_NOT_FOUND / CID_MISMATCH for a missing or corrupt body; whatever `sink` throws
 */
export async function exportPatientCar (deps: { spine: RecordSpine, index: RecordIndex, ledger: Ledger, bodies: BodyStore },
  patientId: string, now: number, sink: (chunk: Uint8Array) => Promise<void> | void): Promise<PatientExportManifest> {
  await deps.spine.flush()
  const latest = deps.index.byPatient(patientId, { latestOnly: true })
  const rows = deps.index.records(latest.map((r) => r.recordId))
  const manifest: PatientExportManifest = {
    format: PATIENT_EXPORT_FORMAT,
    patientId,
    exportedAt: now,
    records: rows.map((row) => ({
      recordId: row.recordId,
      version: row.version,
      cid: row.cid,
      entry: deps.ledger.entry(row.entryIndex) as RecordAnchored,
      proof: deps.ledger.inclusionProof(row.entryIndex)
    }))
  }
  const manifestBytes = canonicalBytes(manifest)
  const root = CID.createV1(raw.code, await sha256.digest(manifestBytes))
  const chunks: Uint8Array[] = []
  const cids = [...new Set(rows.map((r) => r.cid))].map((c) => CID.parse(c))
  if (cids.length > 0) await deps.bodies.exportCar(cids, (c) => { chunks.push(c) })
  const bodies = cids.length > 0 ? await CarReader.fromBytes(Buffer.concat(chunks)) : undefined
  const { writer, out } = CarWriter.create([root])
  const pump = (async () => { for await (const chunk of out) await sink(chunk) })()
  await writer.put({ cid: root, bytes: manifestBytes })
  if (bodies !== undefined) for await (const block of bodies.blocks()) await writer.put(block)
  await writer.close()
  await pump
  return manifest
}
