/**
 * The contract every {@link ImportState} passes (SQLite and PostgreSQL adapters alike):
 * `importStateContract('sqlite', make)` from a `*.int.test.ts` file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BatchCommit, ImportState } from './import-state.ts'

/** A fresh, empty state; `reopen` gives a new handle on the same state (after a restart, or another process). */
export type MakeImportState = () => Promise<{ state: ImportState, reopen(): Promise<ImportState>, cleanup(): Promise<void> }>

const zero = { done: 0, imported: 0, unchanged: 0, rejected: 0, warnings: 0 }
const res = (sourceId: string, type = 'Patient', version = 1) => ({ hospital: 'h1', type, sourceId, state: { recordId: `h1-${type}-${sourceId}`, ownerId: 'h1-Patient-p1', version, hash: `hash-${sourceId}-${version}` } })
const batch = (over: Partial<BatchCommit>): BatchCommit => ({ jobId: 'j1', file: 'a.ndjson', position: 0, resources: [], identifiers: [], issues: [], pendingRefs: [], counts: zero, ...over })

/** Defines the ImportState contract tests for `name`; each test gets its own state from `make`. */
export function importStateContract (name: string, make: MakeImportState): void {
  describe(`ImportState contract: ${name}`, () => {
    let made: Awaited<ReturnType<MakeImportState>>
    let state: ImportState
    beforeEach(async () => { made = await make(); state = made.state })
    afterEach(async () => { await made.cleanup() })

    it('keeps a job, its batches, checkpoints and counts, for another handle to resume', async () => {
      await state.startJob({ id: 'j1', hospital: 'h1', actor: 'hospital:h1', inputs: ['a.ndjson', 'b.ndjson'], startedAt: 10, total: 5 })
      expect(await state.checkpoint('j1', 'a.ndjson')).toBe(0)
      await state.commit(batch({
        position: 120,
        resources: [res('p1'), res('o1', 'Observation'), res('o1', 'Observation', 2)],
        identifiers: [{ hospital: 'h1', type: 'Patient', system: 'urn:mrn', value: '42', sourceId: 'p0' }, { hospital: 'h1', type: 'Patient', system: 'urn:mrn', value: '42', sourceId: 'p1' }],
        issues: [{ file: 'a.ndjson', line: 3, severity: 'error', code: 'structure', reason: 'bad json' }, { file: 'a.ndjson', line: 3, severity: 'error', code: 'structure', reason: 'bad json' }],
        pendingRefs: [{ file: 'a.ndjson', line: 2, type: 'Practitioner', sourceId: 'd1', reference: 'Practitioner/d1' }, { file: 'a.ndjson', line: 2, type: 'Patient', sourceId: 'p1', reference: 'Patient/p1' }],
        counts: { done: 3, imported: 2, unchanged: 0, rejected: 1, warnings: 0 }
      }))
      const other = await made.reopen()
      expect(await other.checkpoint('j1', 'a.ndjson')).toBe(120)
      expect(await other.resource('h1', 'Observation', 'o1')).toEqual(res('o1', 'Observation', 2).state)
      expect(await other.resource('h2', 'Patient', 'p1')).toBeUndefined()
      expect(await other.identifierTargets('h1', 'Patient', 'urn:mrn', '42')).toEqual(['p1'])
      expect((await other.identifierMatches('h1', 'Patient', '42')).map((m) => [m.system, m.state.recordId])).toEqual([['urn:mrn', 'h1-Patient-p1']])
      expect(await other.identifierMatches('h1', 'Patient', '42', 'urn:other')).toEqual([])
      expect(await other.settlePendingRefs('j1', 'h1')).toBe(1)
      await other.setTotal('j1', 6)
      await other.finishJob('j1', 'DONE', 99)
      expect(await state.job('j1')).toEqual({ id: 'j1', hospital: 'h1', actor: 'hospital:h1', inputs: ['a.ndjson', 'b.ndjson'], status: 'DONE', error: null,
        total: 6, done: 3, imported: 2, unchanged: 0, rejected: 1, warnings: 1, startedAt: 10, finishedAt: 99 })
      expect((await state.issues('j1')).map((i) => [i.line, i.severity, i.code])).toEqual([[2, 'warning', 'not-found'], [3, 'error', 'structure']])
      expect((await state.issues('j1', 1, 1)).map((i) => i.line)).toEqual([3])
      // starting afresh drops the job's checkpoints and issues
      await state.startJob({ id: 'j1', hospital: 'h1', actor: 'hospital:h1', inputs: ['a.ndjson'], startedAt: 100, total: 1 })
      expect(await state.checkpoint('j1', 'a.ndjson')).toBe(0)
      expect(await state.issues('j1')).toEqual([])
      expect((await state.job('j1'))).toMatchObject({ status: 'RUNNING', done: 0, warnings: 0, finishedAt: null })
      await state.finishJob('j1', 'FAILED', 120, 'killed')
      expect((await state.job('j1'))).toMatchObject({ status: 'FAILED', error: 'killed' })
    })

    it('lists a hospital\'s jobs newest first and its records by type then record id', async () => {
      await state.startJob({ id: 'j1', hospital: 'h1', actor: 'a', inputs: [], startedAt: 10, total: 0 })
      await state.startJob({ id: 'j2', hospital: 'h1', actor: 'a', inputs: [], startedAt: 20, total: 0 })
      await state.startJob({ id: 'j3', hospital: 'h2', actor: 'a', inputs: [], startedAt: 30, total: 0 })
      expect((await state.jobsOf('h1')).map((j) => j.id)).toEqual(['j2', 'j1'])
      expect(await state.job('none')).toBeUndefined()
      const many = Array.from({ length: 1_205 }, (_, i) => res(`o${String(i).padStart(4, '0')}`, 'Observation'))
      await state.commit(batch({ resources: [res('p2'), res('p1'), ...many, res('Z', 'Condition')] }))
      expect(await state.hospitalRecordsOfType('h1', 'Patient')).toEqual(['h1-Patient-p1', 'h1-Patient-p2'])
      // which hospital imported a record: what the hospital figures read on either database
      expect(await state.importingHospitals(['h1-Patient-p1', 'h1-Condition-Z', 'never-imported'])).toEqual(new Map([['h1-Patient-p1', 'h1'], ['h1-Condition-Z', 'h1']]))
      expect(await state.importingHospitals([])).toEqual(new Map())
      const all: string[] = []
      for await (const r of state.hospitalRecords('h1')) all.push(`${r.type}:${r.recordId}`)
      expect(all).toHaveLength(1_208)
      expect(all[0]).toBe('Condition:h1-Condition-Z')
      expect(all.slice(-2)).toEqual(['Patient:h1-Patient-p1', 'Patient:h1-Patient-p2'])
      expect([...all].sort()).toEqual(all)
    })
  })
}
