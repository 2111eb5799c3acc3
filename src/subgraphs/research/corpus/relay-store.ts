/** The peer relay of the research store: patients' random handles, per-condition aliases and messages. */
import type { DatabaseSync } from 'node:sqlite'
import { rowMapper } from '../../../adapters/sqlite/row-mapper.ts'

export interface RelayMessageRow { id: string, from: string, to: string, body: string, sentAt: number }

const messageOf = rowMapper<RelayMessageRow>({ id: 'raw', from: ['from_handle', 'raw'], to: ['to_handle', 'raw'], body: 'raw', sentAt: 'raw' })

/** The `relay_handles`, `relay_aliases` and `relay_messages` tables of research.db (schema: corpus-migrations.ts). */
export class RelayStore {
  private readonly db: DatabaseSync

  constructor (db: DatabaseSync) {
    this.db = db
  }

  /** A patient's relay handle, made with `fresh` on first use. */
  handleOf (patientId: string, fresh: () => string): string {
    const found = this.db.prepare('SELECT handle FROM relay_handles WHERE patient_id = ?').get(patientId)?.handle as string | undefined
    if (found !== undefined) return found
    const handle = fresh()
    this.db.prepare('INSERT INTO relay_handles (patient_id, handle) VALUES (?, ?)').run(patientId, handle)
    return handle
  }

  setPeerContact (patientId: string, optIn: boolean): void {
    this.db.prepare('UPDATE relay_handles SET peer_contact = ? WHERE patient_id = ?').run(optIn ? 1 : 0, patientId)
  }

  /** Opted-in handles of the people with these pseudonyms. */
  contactableHandles (pseudonyms: readonly string[]): string[] {
    return this.db.prepare('SELECT h.handle FROM relay_handles h JOIN people p ON p.patient_id = h.patient_id WHERE h.peer_contact = 1 AND p.pseudonym IN (SELECT value FROM json_each(?)) ORDER BY h.handle')
      .all(JSON.stringify(pseudonyms)).map((r) => r.handle as string)
  }

  /** The alias of `handle` for `condition`, made with `fresh` on first use. */
  aliasOf (handle: string, condition: string, fresh: () => string): string {
    const found = this.db.prepare('SELECT alias FROM relay_aliases WHERE handle = ? AND condition = ?').get(handle, condition)?.alias as string | undefined
    if (found !== undefined) return found
    const alias = fresh()
    this.db.prepare('INSERT INTO relay_aliases (alias, handle, condition) VALUES (?, ?, ?)').run(alias, handle, condition)
    return alias
  }

  /** The handle a handle or an alias reaches, or undefined for neither. */
  ownerOf (handleOrAlias: string): string | undefined {
    return this.db.prepare('SELECT handle FROM relay_handles WHERE handle = ? UNION ALL SELECT handle FROM relay_aliases WHERE alias = ?').get(handleOrAlias, handleOrAlias)?.handle as string | undefined
  }

  /** Whether `handle` (or an alias of it) exists and opted in as a peer contact. */
  isContactable (handle: string): boolean {
    const owner = this.ownerOf(handle)
    return owner !== undefined && this.db.prepare('SELECT 1 FROM relay_handles WHERE handle = ? AND peer_contact = 1').get(owner) !== undefined
  }

  /** Whether `from` ever wrote to `to` or to one of its aliases (so `to` may reply). */
  wroteTo (from: string, to: string): boolean {
    return this.db.prepare('SELECT 1 FROM relay_messages WHERE from_handle = ? AND (to_handle = ? OR to_handle IN (SELECT alias FROM relay_aliases WHERE handle = ?)) LIMIT 1').get(from, to, to) !== undefined
  }

  /** How many messages `from` sent at or after `since` (ms). */
  sentSince (from: string, since: number): number {
    return Number(this.db.prepare('SELECT COUNT(*) AS n FROM relay_messages WHERE from_handle = ? AND sent_at >= ?').get(from, since)?.n ?? 0)
  }

  /** How many distinct handles `from` first wrote to at or after `since` (ms): conversations it opened, not replies. */
  openedSince (from: string, since: number): number {
    return Number(this.db.prepare(`SELECT COUNT(*) AS n FROM (
      SELECT m.to_handle, MIN(m.sent_at) AS first FROM relay_messages m WHERE m.from_handle = ?
        AND NOT EXISTS (SELECT 1 FROM relay_messages r WHERE r.from_handle = m.to_handle AND r.to_handle = m.from_handle AND r.sent_at <= m.sent_at)
      GROUP BY m.to_handle) WHERE first >= ?`).get(from, since)?.n ?? 0)
  }

  addMessage (m: RelayMessageRow): void {
    this.db.prepare('INSERT INTO relay_messages VALUES (?, ?, ?, ?, ?)').run(m.id, m.from, m.to, m.body, m.sentAt)
  }

  /** Messages to a handle (or its aliases) or from it, oldest first. */
  messagesOf (handle: string): RelayMessageRow[] {
    return this.db.prepare('SELECT * FROM relay_messages WHERE to_handle = ? OR from_handle = ? OR to_handle IN (SELECT alias FROM relay_aliases WHERE handle = ?) ORDER BY sent_at, rowid')
      .all(handle, handle, handle).map(messageOf)
  }
}
