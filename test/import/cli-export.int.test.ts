import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { CarReader } from '@ipld/car/reader'
import { afterAll, describe, expect, it } from 'vitest'
import { importedRecordId } from '../../src/import/index.ts'
import { runCli, tempDir } from '../support/data.ts'
import { NDJSON } from './helpers.ts'

describe('medledger import / export CLI', () => {
  const tmp = tempDir('medledger-cli-export-')
  afterAll(() => tmp.cleanup())

  it('imports, then exports a patient Bundle and CAR and the hospital NDJSON', async () => {
    const inbox = join(tmp.dir, 'inbox')
    mkdirSync(inbox)
    for (const f of ['Patient.ndjson', 'Condition.ndjson']) copyFileSync(join(NDJSON, f), join(inbox, f))
    const data = join(tmp.dir, 'data')
    const imported = runCli(['import', inbox, '--hospital', 'hosp-c', '--data', data, '--json'])
    expect(imported.status, imported.stderr).toBe(0)
    const summary = JSON.parse(imported.stdout) as { imported: number, rejected: number, warnings: number, rejectsFile: string }
    expect(summary).toMatchObject({ imported: 124, rejected: 0 })
    // Condition.encounter names Encounters this import does not contain: reported, not dropped
    expect(summary.warnings).toBeGreaterThan(0)
    expect(readFileSync(summary.rejectsFile, 'utf8').trim().split('\n')).toHaveLength(summary.warnings)

    const patient = importedRecordId('hosp-c', 'Patient', '7bc002fa-dc52-17d6-1563-fd8901826f7d')
    const bundleFile = join(tmp.dir, 'p.json')
    expect(runCli(['export', '--patient', patient, '--out', bundleFile, '--data', data]).status).toBe(0)
    const bundle = JSON.parse(readFileSync(bundleFile, 'utf8')) as { type: string, entry: Array<{ resource: { resourceType: string } }> }
    expect(bundle.type).toBe('collection')
    expect(bundle.entry.filter((e) => e.resource.resourceType === 'Patient')).toHaveLength(1)

    const carFile = join(tmp.dir, 'p.car')
    expect(runCli(['export', '--patient', patient, '--format', 'car', '--out', carFile, '--data', data]).status).toBe(0)
    const reader = await CarReader.fromBytes(readFileSync(carFile))
    expect(await reader.getRoots()).toHaveLength(1)

    const out = join(tmp.dir, 'ndjson')
    expect(runCli(['export', '--hospital', 'hosp-c', '--out', out, '--data', data]).status).toBe(0)
    expect(readdirSync(out).sort()).toEqual(['Condition.ndjson', 'Patient.ndjson'])
    expect(readFileSync(join(out, 'Condition.ndjson'), 'utf8').trim().split('\n')).toHaveLength(118)
  }, 60_000)
})
