/**
 * Out-of-hospital requests in `emergency.db` (migration 3 of store.ts): the location, the candidate hospitals
 * nearest first as found when the request was opened, and the first acceptance.
 */
import type { DatabaseSync } from 'node:sqlite'
import type { Migration } from '../../adapters/sqlite/sqlite-db.ts'
import { makeError } from '../../core/errors.ts'

import type { FieldCandidate, FieldRequestRow } from '../../ports/emergency-store.ts'

export type { FieldCandidate, FieldRequestRow }

export const fieldMigration: Migration = {
  version: 3,
  name: 'out-of-hospital requests',
  sql: `
    CREATE TABLE field_requests (id TEXT PRIMARY KEY, patient_id TEXT NOT NULL, requester TEXT NOT NULL, reason TEXT NOT NULL,
      latitude REAL NOT NULL, longitude REAL NOT NULL, opened_at INTEGER NOT NULL, candidates TEXT NOT NULL,
      accepted_org TEXT, accepted_by TEXT, accepted_at INTEGER) STRICT;
  `
}

/** The out-of-hospital part of the emergency store. */
export class FieldTables {
  private readonly db: DatabaseSync
  constructor (db: DatabaseSync) { this.db = db }

  /** Stores a new request. */
  open (row: FieldRequestRow): void {
    this.db.prepare('INSERT INTO field_requests VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)')
      .run(row.id, row.patientId, row.requester, row.reason, row.latitude, row.longitude, row.openedAt, JSON.stringify(row.candidates))
  }

  /** Requests opened after `since` (ms) for a patient or by a requester (`account:<id>`), newest first. */
  recent (by: { patientId: string } | { requester: string }, since: number): FieldRequestRow[] {
    const rows = 'patientId' in by
      ? this.db.prepare('SELECT * FROM field_requests WHERE patient_id = ? AND opened_at > ? ORDER BY opened_at DESC').all(by.patientId, since)
      : this.db.prepare('SELECT * FROM field_requests WHERE requester = ? AND opened_at > ? ORDER BY opened_at DESC').all(by.requester, since)
    return rows.map(fieldRequestOf)
  }

  /** A request by id. */
  get (id: string): FieldRequestRow | undefined {
    const r = this.db.prepare('SELECT * FROM field_requests WHERE id = ?').get(id)
    return r === undefined ? undefined : fieldRequestOf(r)
  }

  /**
   * Records the first acceptance (compare-and-set: only while nobody accepted).
   * @throws MedledgerError CONFLICT when another hospital accepted first
   */
  accept (id: string, organizationId: string, practitionerId: string, time: number): void {
    const r = this.db.prepare('UPDATE field_requests SET accepted_org = ?, accepted_by = ?, accepted_at = ? WHERE id = ? AND accepted_org IS NULL').run(organizationId, practitionerId, time, id)
    if (Number(r.changes) === 0) throw makeError('another hospital accepted the request first', 'CONFLICT')
  }

  /** Undoes an acceptance whose contract could not be formed. */
  unaccept (id: string): void {
    this.db.prepare('UPDATE field_requests SET accepted_org = NULL, accepted_by = NULL, accepted_at = NULL WHERE id = ?').run(id)
  }
}

function fieldRequestOf (r: Record<string, unknown>): FieldRequestRow {
  return {
    id: r.id as string, patientId: r.patient_id as string, requester: r.requester as string, reason: r.reason as string,
    latitude: r.latitude as number, longitude: r.longitude as number, openedAt: r.opened_at as number,
    candidates: JSON.parse(r.candidates as string) as FieldCandidate[],
    ...(r.accepted_org === null ? {} : { accepted: { organizationId: r.accepted_org as string, practitionerId: r.accepted_by as string, time: r.accepted_at as number } })
  }
}
