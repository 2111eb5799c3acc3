import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../support/data.ts'
import { importPaths, openInstance } from './helpers.ts'
import type { Instance } from './helpers.ts'

describe('a batch the spine wrote but the import state did not record', () => {
  let tmp: ReturnType<typeof tempDir>
  let inst: Instance
  beforeEach(async () => {
    tmp = tempDir('medledger-adopt-')
    inst = await openInstance(join(tmp.dir, 'data'))
  })
  afterEach(async () => {
    await inst.close()
    tmp.cleanup()
  })

  it('is adopted on the rerun (same content), not written again', async () => {
    const file = join(tmp.dir, 'p.ndjson')
    const lines = [JSON.stringify({ resourceType: 'Patient', id: 'p1' })]
    for (let i = 0; i < 9; i++) lines.push(JSON.stringify({ resourceType: 'Observation', id: `o${i}`, status: 'final', code: { text: `c${i}` }, subject: { reference: 'Patient/p1' } }))
    writeFileSync(file, lines.join('\n'))

    // the process "dies" right after the spine acknowledged the second batch, before the state commit
    const state = inst.stores.state
    const commit = state.commit.bind(state)
    let calls = 0
    state.commit = (c) => {
      if (++calls === 2) throw new Error('killed')
      commit(c)
    }
    await expect(importPaths(inst, [file], 'hosp-a', 4)).rejects.toThrow('killed')
    state.commit = commit
    expect(inst.data.index.count()).toBe(8)

    const resumed = await importPaths(inst, [file], 'hosp-a', 4)
    expect(resumed).toMatchObject({ resumed: true, status: 'DONE', imported: 10, unchanged: 0, rejected: 0, done: 10 })
    expect(inst.data.index.count()).toBe(10)
    expect(inst.data.index.dump().every((r) => r.version === 1)).toBe(true)
    expect([...inst.data.ledger.entries()].filter((e) => e.entry.type === 'RecordAnchored')).toHaveLength(10)
  })
})
