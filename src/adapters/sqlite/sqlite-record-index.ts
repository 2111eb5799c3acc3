import type { SQLInputValue, StatementSync } from 'node:sqlite'
import type { RecordIndex, RecordQuery, RecordRow } from '../../ports/record-index.ts'
import { recordIndexMigrations } from './migrations.ts'
import { migrate, openDatabase, transaction } from './sqlite-db.ts'

const COLUMNS = 'record_id, version, patient_id, resource_type, cid, entry_index, actor, anchored_at, codes, effective'
const PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
/** Rows per multi-row INSERT in `apply`: fewer statement calls, 500 parameters (far below SQLite's limit). */
const CHUNK = 50
/** ~40 MB of WAL between checkpoints: bulk imports pay far fewer checkpoint fsyncs. */
const WAL_AUTOCHECKPOINT_PAGES = 10_000

/**
 * The record index on a `node:sqlite` file: WAL, `synchronous = NORMAL` (it is a cache: a power cut
 * may lose the last commits, never consistency, and `medledger reindex` rebuilds it), migrated to
 * the latest schema on open.
 *
 * - `apply` writes a batch and the cursor in one transaction with prepared `INSERT OR IGNORE`, so a
 *   row already present (same record id and version) is left as it is, and the cursor only moves forward.
 * - `byPatient` returns the newest `effective` first (rows without one last), then by record id and version.
 *
 * @throws Error from node:sqlite when the file cannot be opened or is not a database
 * @throws MedledgerError CONFLICT when the file was written by a newer schema
 */
export function openSqliteRecordIndex (file: string): RecordIndex {
  const db = openDatabase(file, { synchronous: 'NORMAL', walAutocheckpoint: WAL_AUTOCHECKPOINT_PAGES })
  try {
    migrate(db, recordIndexMigrations)
  } catch (err) {
    db.close()
    throw err
  }

  const insertOne = db.prepare(`INSERT OR IGNORE INTO records (${COLUMNS}) VALUES ${PLACEHOLDERS}`)
  const insertChunk = db.prepare(`INSERT OR IGNORE INTO records (${COLUMNS}) VALUES ${Array(CHUNK).fill(PLACEHOLDERS).join(', ')}`)
  const getCursor = db.prepare("SELECT value FROM meta WHERE key = 'cursor'")
  const setCursor = db.prepare("UPDATE meta SET value = MAX(value, ?) WHERE key = 'cursor'")
  const resetCursor = db.prepare("UPDATE meta SET value = -1 WHERE key = 'cursor'")
  const latest = db.prepare(`SELECT ${COLUMNS} FROM records WHERE record_id = ? ORDER BY version DESC LIMIT 1`)
  const exact = db.prepare(`SELECT ${COLUMNS} FROM records WHERE record_id = ? AND version = ?`)
  const versions = db.prepare(`SELECT ${COLUMNS} FROM records WHERE record_id = ? ORDER BY version`)
  const many = db.prepare(`SELECT ${COLUMNS} FROM records WHERE record_id IN (SELECT value FROM json_each(?)) ORDER BY record_id, version`)
  const byCid = db.prepare(`SELECT ${COLUMNS} FROM records WHERE cid = ? ORDER BY record_id, version`)
  const count = db.prepare('SELECT COUNT(*) AS n FROM records')
  const dump = db.prepare(`SELECT ${COLUMNS} FROM records ORDER BY entry_index, record_id`)
  const byPatient = new Map<string, StatementSync>()
  let closed = false

  function patientStatement (typed: boolean, latestOnly: boolean): StatementSync {
    const key = `${typed}:${latestOnly}`
    let stmt = byPatient.get(key)
    if (stmt === undefined) {
      stmt = db.prepare(`SELECT ${COLUMNS} FROM records r WHERE r.patient_id = ?` +
        (typed ? ' AND r.resource_type = ?' : '') +
        (latestOnly ? ' AND NOT EXISTS (SELECT 1 FROM records n WHERE n.record_id = r.record_id AND n.version > r.version)' : '') +
        ' ORDER BY r.effective DESC NULLS LAST, r.record_id, r.version LIMIT ?')
      byPatient.set(key, stmt)
    }
    return stmt
  }

  return {
    cursor: () => Number(getCursor.get()?.value),

    apply (rows: RecordRow[], cursor: number): void {
      if (!Number.isSafeInteger(cursor) || cursor < -1) throw new RangeError('cursor must be an integer ≥ -1')
      transaction(db, () => {
        let i = 0
        for (; i + CHUNK <= rows.length; i += CHUNK) insertChunk.run(...params(rows, i, i + CHUNK))
        for (; i < rows.length; i++) insertOne.run(...params(rows, i, i + 1))
        setCursor.run(cursor)
      })
    },

    record (recordId: string, version?: number): RecordRow | undefined {
      const row = version === undefined ? latest.get(recordId) : exact.get(recordId, version)
      return row === undefined ? undefined : toRow(row)
    },

    versions: (recordId) => versions.all(recordId).map(toRow),

    records: (recordIds) => recordIds.length === 0 ? [] : many.all(JSON.stringify(recordIds)).map(toRow),

    byCid: (cid) => byCid.all(cid).map(toRow),

    byPatient (patientId: string, query: RecordQuery = {}): RecordRow[] {
      const { resourceType, latestOnly = true, limit } = query
      if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw new RangeError('limit must be a non-negative integer')
      const stmt = patientStatement(resourceType !== undefined, latestOnly)
      const params = resourceType !== undefined ? [patientId, resourceType, limit ?? -1] : [patientId, limit ?? -1]
      return stmt.all(...params).map(toRow)
    },

    remove: (recordId) => Number(db.prepare('DELETE FROM records WHERE record_id = ?').run(recordId).changes),

    count: () => Number(count.get()?.n),

    dump: () => dump.all().map(toRow),

    clear (): void {
      transaction(db, () => {
        db.exec('DELETE FROM records')
        resetCursor.run()
      })
    },

    close (): void {
      if (closed) return
      closed = true
      db.close()
    }
  }
}

function params (rows: RecordRow[], from: number, to: number): SQLInputValue[] {
  const out: SQLInputValue[] = []
  for (let i = from; i < to; i++) {
    const r = rows[i]!
    out.push(r.recordId, r.version, r.patientId, r.resourceType, r.cid, r.entryIndex, r.actor,
      r.anchoredAt, JSON.stringify(r.codes), r.effective ?? null)
  }
  return out
}

function toRow (r: Record<string, unknown>): RecordRow {
  const row: RecordRow = {
    recordId: r.record_id as string,
    version: r.version as number,
    patientId: r.patient_id as string,
    resourceType: r.resource_type as string,
    cid: r.cid as string,
    entryIndex: r.entry_index as number,
    actor: r.actor as string,
    anchoredAt: r.anchored_at as number,
    codes: JSON.parse(r.codes as string) as string[]
  }
  if (r.effective !== null) row.effective = r.effective as string
  return row
}
