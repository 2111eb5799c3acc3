import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { toOperationOutcome, writeRejectsFile } from '../../src/import/index.ts'
import { tempDir } from '../support/data.ts'
import { importPaths, openInstance } from './helpers.ts'
import type { Instance } from './helpers.ts'

const patient = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Test' }] }
const obs = (id: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ resourceType: 'Observation', id, status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/p1' }, ...extra })

describe('bad input', () => {
  let tmp: ReturnType<typeof tempDir>
  let inst: Instance
  beforeEach(async () => {
    tmp = tempDir('medledger-bad-')
    inst = await openInstance(join(tmp.dir, 'data'))
  })
  afterEach(async () => {
    await inst.close()
    tmp.cleanup()
  })

  it('sends each bad line to the rejects with file, line and reason, and imports the rest', async () => {
    const file = join(tmp.dir, 'mixed.ndjson')
    writeFileSync(file, [
      JSON.stringify(patient), //                                  1 ok
      obs('o1'), //                                                 2 ok
      '{"resourceType": "Observation", "id": "o2", ', //            3 invalid JSON
      '[1, 2, 3]', //                                               4 not an object
      JSON.stringify({ id: 'x' }), //                               5 no resourceType
      JSON.stringify({ resourceType: 'Observation', status: 'final' }), // 6 no id
      obs('o3', { subject: { reference: 'Patient/nobody' } }), //   7 unknown patient
      '', //                                                        8 blank: skipped
      obs('o4', { encounter: { reference: 'Encounter/e404' } }), // 9 ok, with a warning
      obs('o5', { subject: { reference: 'urn:uuid:0b0e4e9c-0000-4000-8000-000000000000' } }), // 10 unresolvable patient
      obs('o6') //                                                  11 ok
    ].join('\n') + '\n')
    const summary = await importPaths(inst, [file])
    expect(summary).toMatchObject({ status: 'DONE', imported: 4, rejected: 6, warnings: 1, unchanged: 0 })
    expect(inst.data.index.count()).toBe(4)

    const issues = inst.stores.state.issues(summary.id)
    expect(issues.map((i) => [i.line, i.severity, i.code])).toEqual([
      [3, 'error', 'structure'],
      [4, 'error', 'structure'],
      [5, 'error', 'required'],
      [6, 'error', 'required'],
      [7, 'error', 'not-found'],
      [9, 'warning', 'not-found'],
      [10, 'error', 'not-found']
    ])
    expect(issues.every((i) => i.file === file)).toBe(true)
    expect(issues.find((i) => i.line === 9)!.reason).toContain('Encounter/e404')

    const rejects = join(tmp.dir, 'rejects.ndjson')
    expect(await writeRejectsFile(inst.stores.state, summary.id, rejects)).toBe(7)
    const lines = readFileSync(rejects, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines[0]).toEqual(toOperationOutcome(issues[0]!))
    expect(lines[0]).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'structure', location: [`${file}:3`] }] })

    // the same file again: nothing new is written, the same lines are rejected again
    const again = await importPaths(inst, [file])
    expect(again).toMatchObject({ imported: 0, unchanged: 4, rejected: 6, warnings: 1 })
  })

  it('rejects a JSON input that is not a Bundle of an importable type, naming the file', async () => {
    const file = join(tmp.dir, 'searchset.json')
    writeFileSync(file, JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: [] }))
    const summary = await importPaths(inst, [file])
    expect(summary).toMatchObject({ imported: 0, rejected: 1 })
    expect(inst.stores.state.issues(summary.id)[0]).toMatchObject({ file, line: 1, code: 'not-supported' })
  })
})
