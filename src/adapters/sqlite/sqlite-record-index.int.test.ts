import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isError } from '../../core/errors.ts'
import type { RecordIndex, RecordRow } from '../../ports/record-index.ts'
import { recordIndexMigrations } from './migrations.ts'
import { migrate, openDatabase } from './sqlite-db.ts'
import { openSqliteRecordIndex } from './sqlite-record-index.ts'

function row (recordId: string, version: number, entryIndex: number, over: Partial<RecordRow> = {}): RecordRow {
  return {
    recordId,
    version,
    patientId: 'pat-1',
    resourceType: 'Observation',
    cid: `bafk-${recordId}-${version}`,
    entryIndex,
    actor: 'did:example:clinic',
    anchoredAt: 1_700_000_000_000 + entryIndex,
    codes: ['http://loinc.org|8867-4'],
    effective: '2024-01-01',
    ...over
  }
}

const rows: RecordRow[] = [
  row('obs-1', 1, 0, { effective: '2024-01-01' }),
  row('obs-1', 2, 3, { effective: '2024-01-02', cid: 'bafk-obs-1-2' }),
  row('obs-2', 1, 1, { effective: '2024-03-01' }),
  row('cond-1', 1, 2, { resourceType: 'Condition', codes: [], effective: undefined }),
  row('obs-9', 1, 4, { patientId: 'pat-2' })
]

let dir: string
let file: string
let index: RecordIndex | undefined

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medledger-index-'))
  file = join(dir, 'index.db')
})

afterEach(async () => {
  index?.close()
  index = undefined
  await rm(dir, { recursive: true, force: true })
})

function open (): RecordIndex {
  index = openSqliteRecordIndex(file)
  return index
}

describe('openSqliteRecordIndex', () => {
  it('starts empty with cursor -1', () => {
    const idx = open()
    expect(idx.cursor()).toBe(-1)
    expect(idx.count()).toBe(0)
    expect(idx.dump()).toEqual([])
    expect(idx.record('nope')).toBeUndefined()
  })

  it('answers record, versions and byPatient queries', () => {
    const idx = open()
    idx.apply(rows, 4)
    expect(idx.count()).toBe(5)
    expect(idx.record('obs-1')).toEqual(rows[1])
    expect(idx.record('obs-1', 1)).toEqual(rows[0])
    expect(idx.record('obs-1', 7)).toBeUndefined()
    expect(idx.versions('obs-1')).toEqual([rows[0], rows[1]])
    expect(idx.record('cond-1')).toEqual(rows[3])
    expect('effective' in idx.record('cond-1')!).toBe(false)

    const ids = (rs: RecordRow[]) => rs.map(r => `${r.recordId}@${r.version}`)
    expect(ids(idx.byPatient('pat-1'))).toEqual(['obs-2@1', 'obs-1@2', 'cond-1@1'])
    expect(ids(idx.byPatient('pat-1', { latestOnly: false }))).toEqual(['obs-2@1', 'obs-1@2', 'obs-1@1', 'cond-1@1'])
    expect(ids(idx.byPatient('pat-1', { resourceType: 'Observation' }))).toEqual(['obs-2@1', 'obs-1@2'])
    expect(ids(idx.byPatient('pat-1', { resourceType: 'Condition', latestOnly: false }))).toEqual(['cond-1@1'])
    expect(ids(idx.byPatient('pat-1', { limit: 1 }))).toEqual(['obs-2@1'])
    expect(idx.byPatient('pat-1', { limit: 0 })).toEqual([])
    expect(ids(idx.byPatient('pat-2'))).toEqual(['obs-9@1'])
    expect(idx.byPatient('pat-3')).toEqual([])
    expect(ids(idx.byCid('bafk-obs-1-2'))).toEqual(['obs-1@2'])
    expect(idx.byCid('bafk-none')).toEqual([])
    expect(() => idx.byPatient('pat-1', { limit: -1 })).toThrow(RangeError)
  })

  it('answers a batch of record ids with every version in one query', () => {
    const idx = open()
    idx.apply([...rows].reverse(), 4)
    expect(idx.records(['obs-2', 'missing', 'obs-1', 'obs-1'])).toEqual([rows[0], rows[1], rows[2]])
    expect(idx.records(['obs-9'])).toEqual([rows[4]])
    expect(idx.records([])).toEqual([])
  })

  it('dumps every row ordered by entry index', () => {
    const idx = open()
    idx.apply([...rows].reverse(), 4)
    expect(idx.dump()).toEqual([rows[0], rows[2], rows[3], rows[1], rows[4]])
  })

  it('re-applying rows is a no-op and the cursor never moves back', () => {
    const idx = open()
    idx.apply(rows, 4)
    const before = idx.dump()
    idx.apply(rows, 4)
    idx.apply([{ ...rows[0]!, cid: 'bafk-other' }], 2)
    expect(idx.dump()).toEqual(before)
    expect(idx.cursor()).toBe(4)
    idx.apply([], 9)
    expect(idx.cursor()).toBe(9)
    expect(() => idx.apply([], -2)).toThrow(RangeError)
    expect(() => idx.apply([], 1.5)).toThrow(RangeError)
  })

  it('applies a batch atomically: a bad row rolls back the rows and the cursor', () => {
    const idx = open()
    idx.apply(rows.slice(0, 2), 3)
    const bad = { ...row('obs-3', 1, 5), anchoredAt: 'yesterday' as unknown as number }
    expect(() => idx.apply([row('obs-4', 1, 6), bad], 6)).toThrow()
    expect(idx.count()).toBe(2)
    expect(idx.cursor()).toBe(3)
    expect(idx.record('obs-4')).toBeUndefined()
  })

  it('remove drops every version of one record and keeps the cursor (erasure)', () => {
    const idx = open()
    idx.apply(rows, 4)
    expect(idx.remove('obs-1')).toBe(2)
    expect(idx.versions('obs-1')).toEqual([])
    expect(idx.count()).toBe(3)
    expect(idx.cursor()).toBe(4)
    expect(idx.remove('obs-1')).toBe(0)
  })

  it('clear drops every row and resets the cursor', () => {
    const idx = open()
    idx.apply(rows, 4)
    idx.clear()
    expect(idx.count()).toBe(0)
    expect(idx.cursor()).toBe(-1)
    idx.apply(rows, 4)
    expect(idx.count()).toBe(5)
  })

  it('survives close and reopen, and close is idempotent', () => {
    const idx = open()
    idx.apply(rows, 4)
    idx.close()
    idx.close()
    const again = open()
    expect(again.cursor()).toBe(4)
    expect(again.dump()).toEqual([rows[0], rows[2], rows[3], rows[1], rows[4]])
  })

  it('uses WAL with synchronous NORMAL', () => {
    open().close()
    const db = openDatabase(file, { synchronous: 'NORMAL' })
    try {
      expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
    } finally {
      db.close()
    }
  })

  it('bulk-imports 100k rows in batches of 500', () => {
    const idx = open()
    const total = 100_000
    const batch = 500
    const all = Array.from({ length: total }, (_, i) => row(`rec-${i}`, 1, i, {
      patientId: `pat-${i % 1000}`,
      resourceType: i % 3 === 0 ? 'Condition' : 'Observation',
      cid: `bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy${i}`,
      codes: ['http://loinc.org|8867-4', `http://snomed.info/sct|${i}`],
      effective: `2024-${String(1 + (i % 12)).padStart(2, '0')}-01`
    }))
    const started = performance.now()
    for (let i = 0; i < total; i += batch) idx.apply(all.slice(i, i + batch), i + batch - 1)
    const seconds = (performance.now() - started) / 1000
    console.info(`sqlite record index: ${total} rows in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} rows/s (batches of ${batch})`)
    expect(idx.count()).toBe(total)
    expect(idx.cursor()).toBe(total - 1)
    expect(idx.byPatient('pat-7', { resourceType: 'Condition' })).toHaveLength(33)
  })
})

describe('record index migrations', () => {
  it('opening an old-version file applies the missing migrations and keeps its rows', () => {
    const old = new DatabaseSync(file)
    expect(migrate(old, recordIndexMigrations, 1)).toEqual([1])
    old.prepare("INSERT INTO records VALUES ('obs-1', 1, 'pat-1', 'Observation', 'bafk', 0, 'a', 5, '[]', NULL)").run()
    old.prepare("UPDATE meta SET value = 0 WHERE key = 'cursor'").run()
    old.close()

    const idx = open()
    expect(idx.cursor()).toBe(0)
    expect(idx.record('obs-1')?.patientId).toBe('pat-1')
    idx.close()

    const db = new DatabaseSync(file)
    try {
      expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map(r => r.version))
        .toEqual(recordIndexMigrations.map(m => m.version))
      const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records'").all().map(r => r.name)
      expect(indexes).toEqual(expect.arrayContaining(['records_by_patient', 'records_by_entry']))
      expect(migrate(db, recordIndexMigrations)).toEqual([])
    } finally {
      db.close()
    }
  })

  it('refuses a file written by a newer schema', () => {
    open().close()
    index = undefined
    const db = new DatabaseSync(file)
    db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 0)").run()
    db.close()
    let caught: unknown
    try { open() } catch (err) { caught = err }
    expect(isError(caught, 'CONFLICT')).toBe(true)
    index = undefined
  })
})
