import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importedRecordId } from '../../src/import/index.ts'
import { tempDir } from '../support/data.ts'
import { BUNDLES, NDJSON, importPaths, openInstance } from './helpers.ts'
import type { Instance } from './helpers.ts'

/**
 * Acceptance: the Synthea DEV data imports with 0 rejects in both forms (all 10 patient Bundles, 9 of them
 * gzipped, and the 2 provider batch Bundles; the whole NDJSON set, three files gzipped: see
 * test/fixtures/README.md), and a re-import is a no-op.
 */
describe('import of the Synthea fixtures', () => {
  let tmp: ReturnType<typeof tempDir>
  let inst: Instance
  beforeEach(async () => {
    tmp = tempDir('medledger-import-')
    inst = await openInstance(tmp.dir)
  })
  afterEach(async () => {
    await inst.close()
    tmp.cleanup()
  })

  it('imports the transaction/batch Bundles with 0 rejects and 0 warnings, then re-imports as a no-op', async () => {
    const first = await importPaths(inst, [BUNDLES])
    expect(first).toMatchObject({ status: 'DONE', rejected: 0, warnings: 0, unchanged: 0 })
    expect(first.imported).toBe(first.total)
    expect(first.total).toBe(2634)
    expect(inst.data.index.count()).toBe(first.imported)

    const ledgerSize = inst.data.ledger.size()
    const again = await importPaths(inst, [BUNDLES])
    expect(again).toMatchObject({ status: 'DONE', imported: 0, rejected: 0, warnings: 0, unchanged: first.total })
    expect(inst.data.ledger.size()).toBe(ledgerSize)
  })

  it('imports the bulk NDJSON set (plain and gzipped) with 0 rejects and rewrites references to medledger ids', async () => {
    expect(readdirSync(NDJSON).some((f) => f.endsWith('.gz'))).toBe(true)
    const summary = await importPaths(inst, [NDJSON])
    expect(summary).toMatchObject({ status: 'DONE', total: 1416, imported: 1416, rejected: 0, warnings: 0 })

    const patientId = importedRecordId('hosp-a', 'Patient', '7bc002fa-dc52-17d6-1563-fd8901826f7d')
    const rows = inst.data.index.byPatient(patientId)
    expect(rows.length).toBeGreaterThan(10)
    const encounter = rows.find((r) => r.resourceType === 'Encounter')!
    const { resource } = await inst.data.spine.read(encounter.recordId)
    expect(resource.id).toBe(encounter.recordId)
    expect((resource.subject as { reference: string }).reference).toBe(`Patient/${patientId}`)
    // conditional references (Practitioner?identifier=…) resolved against the imported directory
    const individual = (resource.participant as Array<{ individual: { reference: string } }>)[0]!.individual.reference
    expect(individual).toMatch(/^Practitioner\/[0-9a-f-]{36}$/)
    expect(inst.data.index.record(individual.split('/')[1]!)?.resourceType).toBe('Practitioner')
    // the patient has a custodial key: records are sealed to it and it opens them
    const { CID } = await import('multiformats/cid')
    const envelope = await inst.data.bodies.get(CID.parse(encounter.cid))
    const opened = JSON.parse(new TextDecoder().decode(inst.stores.custodial.open(patientId, envelope))) as { id: string }
    expect(opened.id).toBe(encounter.recordId)

    const again = await importPaths(inst, [join(NDJSON)])
    expect(again).toMatchObject({ imported: 0, unchanged: 1416, rejected: 0 })
  })
})
