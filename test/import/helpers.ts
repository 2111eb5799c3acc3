import { join } from 'node:path'
import { canonicalJson } from '../../src/core/canonical-json.ts'
import { discoverSources, importDeps, openImportStores, runImport } from '../../src/import/index.ts'
import { openCustodialPatients } from '../../src/subgraphs/identity/custodial.ts'
import type { ImportStores, ImportSummary } from '../../src/import/index.ts'
import type { RecordAnchored } from '../../src/ports/ledger.ts'
import { openDataDir } from '../../src/spine/data-dir.ts'
import type { DataDir } from '../../src/spine/data-dir.ts'
import { contentHash } from '../../src/import/ids.ts'

export const FIXTURES = join(import.meta.dirname, '../fixtures/fhir')
export const BUNDLES = join(FIXTURES, 'bundles')
export const NDJSON = join(FIXTURES, 'ndjson')

/** A data folder with its import stores open, closed together. */
export interface Instance {
  data: DataDir
  stores: ImportStores
  close(): Promise<void>
}

export async function openInstance (dir: string): Promise<Instance> {
  const data = await openDataDir(dir, { fsync: false })
  const stores = openImportStores(dir, { openPatients: openCustodialPatients })
  return { data, stores, close: async () => { stores.close(); await data.close() } }
}

/** Imports paths in-process for `hospital`. */
export async function importPaths (inst: Instance, paths: string[], hospital = 'hosp-a', batchSize?: number): Promise<ImportSummary> {
  const sources = await discoverSources(paths)
  return runImport(importDeps(inst.data, inst.stores), sources, { hospital, actor: `hospital:${hospital}`, ...(batchSize === undefined ? {} : { batchSize }) })
}

/**
 * What must be equal between two runs that imported the same data (CIDs, times and envelopes differ: fresh
 * nonces): the index rows without cid/time, and each RecordAnchored entry's record, version and the hash of
 * its decrypted content.
 */
export async function comparableState (data: DataDir): Promise<{ rows: unknown[], anchored: string[] }> {
  const rows = data.index.dump().map(({ cid: _c, anchoredAt: _t, ...rest }) => rest)
  const anchored: string[] = []
  for (const { entry } of data.ledger.entries()) {
    if (entry.type !== 'RecordAnchored') continue
    const e = entry as RecordAnchored
    const { resource } = await data.spine.read(e.recordId, e.version)
    anchored.push(`${e.recordId}@${e.version}:${e.actor}:${contentHash(canonicalJson(resource))}`)
  }
  return { rows, anchored }
}
