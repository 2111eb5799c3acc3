/**
 * Emergency requests, signed responses, the notification outbox and aid contracts in `emergency.db`
 * (migration 2 of store.ts). Every write is one transaction on a `synchronous = FULL` file, so a notification
 * queued or a confirmation accepted survives a crash.
 */
import type { DatabaseSync } from 'node:sqlite'
import type { Migration } from '../../adapters/sqlite/sqlite-db.ts'
import { transaction } from '../../adapters/sqlite/sqlite-db.ts'
import { makeError } from '../../core/errors.ts'

import type { AidContractRow, BreakGlassRow, EmergencyRequestRow, EmergencyRequestStatus, EmergencyResponseRow, NotificationKind, NotificationRow } from '../../ports/emergency-store.ts'

export type { AidContractRow, BreakGlassRow, EmergencyRequestRow, EmergencyRequestStatus, EmergencyResponseRow, NotificationKind, NotificationRow }

export const notificationKindMigration: Migration = {
  version: 7,
  name: 'notification kinds (break-glass notices)',
  sql: `
    ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'REQUEST' CHECK (kind IN ('REQUEST', 'BREAK_GLASS'));
    ALTER TABLE outbox ADD COLUMN contract_id TEXT;
  `
}

export const breakGlassMigration: Migration = {
  version: 5,
  name: 'break-glass',
  sql: `
    CREATE TABLE break_glass (request_id TEXT NOT NULL, practitioner_id TEXT NOT NULL, typed_data TEXT NOT NULL, signature TEXT NOT NULL,
      signer TEXT NOT NULL, time INTEGER NOT NULL, PRIMARY KEY (request_id, practitioner_id)) STRICT;
    ALTER TABLE contracts ADD COLUMN break_glass INTEGER NOT NULL DEFAULT 0;
  `
}

export const aidMigration: Migration = {
  version: 2,
  name: 'requests, responses, outbox, contracts, nonces',
  sql: `
    CREATE TABLE requests (id TEXT PRIMARY KEY, patient_id TEXT NOT NULL, practitioner_id TEXT NOT NULL, requester TEXT NOT NULL,
      reason TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('OPEN', 'CONTRACTED', 'CLOSED')), opened_at INTEGER NOT NULL) STRICT;
    CREATE TABLE responses (request_id TEXT NOT NULL, contact_id TEXT NOT NULL, decision TEXT NOT NULL CHECK (decision IN ('CONFIRM', 'DENY')),
      typed_data TEXT NOT NULL, signature TEXT NOT NULL, time INTEGER NOT NULL, PRIMARY KEY (request_id, contact_id)) STRICT;
    CREATE TABLE outbox (id TEXT PRIMARY KEY, request_id TEXT NOT NULL, contact_id TEXT NOT NULL, time INTEGER NOT NULL) STRICT;
    CREATE INDEX outbox_contact ON outbox (contact_id, time);
    CREATE TABLE contracts (id TEXT PRIMARY KEY, request_id TEXT NOT NULL UNIQUE, patient_id TEXT NOT NULL, grant_id TEXT NOT NULL,
      practitioner_id TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, closed_at INTEGER, entry_index INTEGER NOT NULL,
      resource_types TEXT NOT NULL) STRICT;
    CREATE TABLE nonces (signer TEXT NOT NULL, nonce TEXT NOT NULL, PRIMARY KEY (signer, nonce)) STRICT;
  `
}

/** The aid part of the emergency store. */
export class AidTables {
  private readonly db: DatabaseSync
  constructor (db: DatabaseSync) { this.db = db }

  /** Stores a request and one outbox row per contact, in one transaction. */
  openRequest (row: EmergencyRequestRow, notifications: readonly NotificationRow[]): void {
    transaction(this.db, () => {
      this.db.prepare('INSERT INTO requests VALUES (?, ?, ?, ?, ?, ?, ?)').run(row.id, row.patientId, row.practitionerId, row.requester, row.reason, row.status, row.openedAt)
      this.queue(notifications)
    })
  }

  private queue (notifications: readonly NotificationRow[]): void {
    const add = this.db.prepare('INSERT INTO outbox (id, request_id, contact_id, time, webhook_url, kind, contract_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
    for (const n of notifications) add.run(n.id, n.requestId, n.contactId, n.time, n.webhookUrl ?? null, n.kind ?? 'REQUEST', n.contractId ?? null)
  }

  /** Requests opened after `since` (ms) for a patient or by a practitioner, newest first (for the abuse limits). */
  recentRequests (by: { patientId: string } | { practitionerId: string }, since: number): EmergencyRequestRow[] {
    const rows = 'patientId' in by
      ? this.db.prepare('SELECT * FROM requests WHERE patient_id = ? AND opened_at > ? ORDER BY opened_at DESC').all(by.patientId, since)
      : this.db.prepare('SELECT * FROM requests WHERE practitioner_id = ? AND opened_at > ? ORDER BY opened_at DESC').all(by.practitionerId, since)
    return rows.map(requestOf)
  }

  /** A request by id. */
  request (id: string): EmergencyRequestRow | undefined {
    const r = this.db.prepare('SELECT * FROM requests WHERE id = ?').get(id)
    return r === undefined ? undefined : requestOf(r)
  }

  /**
   * Spends `nonce` of `signer` and stores a response, in one transaction.
   * @throws MedledgerError CONFLICT when the nonce was used or this contact already answered (nothing stored)
   */
  addResponse (row: EmergencyResponseRow, signer: string, nonce: string): void {
    transaction(this.db, () => {
      this.spend(signer, nonce)
      if (this.db.prepare('SELECT 1 FROM responses WHERE request_id = ? AND contact_id = ?').get(row.requestId, row.contactId) !== undefined) {
        throw makeError('this contact already answered the request', 'CONFLICT', { reason: 'ALREADY_DONE' })
      }
      this.db.prepare('INSERT INTO responses VALUES (?, ?, ?, ?, ?, ?)').run(row.requestId, row.contactId, row.decision, row.typedData, row.signature, row.time)
    })
  }

  /** The responses to a request, oldest first. */
  responses (requestId: string): EmergencyResponseRow[] {
    return this.db.prepare('SELECT * FROM responses WHERE request_id = ? ORDER BY time, rowid').all(requestId).map((r) => ({
      requestId: r.request_id as string, contactId: r.contact_id as string, decision: r.decision as 'CONFIRM' | 'DENY', typedData: r.typed_data as string, signature: r.signature as string, time: r.time as number
    }))
  }

  /**
   * Spends a signature nonce on its own.
   * @throws MedledgerError CONFLICT when used before
   */
  spend (signer: string, nonce: string): void {
    if (this.db.prepare('SELECT 1 FROM nonces WHERE signer = ? AND nonce = ?').get(signer, nonce) !== undefined) throw makeError('signature nonce already used', 'CONFLICT', { reason: 'REPLAYED' })
    this.db.prepare('INSERT INTO nonces VALUES (?, ?)').run(signer, nonce)
  }

  /** Stores a formed contract, marks its request CONTRACTED and queues `notifications`, in one transaction. */
  addContract (row: AidContractRow, notifications: readonly NotificationRow[] = []): void {
    transaction(this.db, () => {
      this.queue(notifications)
      this.db.prepare('INSERT INTO contracts VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)').run(row.id, row.requestId, row.patientId, row.grantId, row.practitionerId, row.start, row.end, row.entryIndex, JSON.stringify(row.resourceTypes), row.breakGlass ? 1 : 0)
      this.db.prepare("UPDATE requests SET status = 'CONTRACTED' WHERE id = ?").run(row.requestId)
    })
  }

  /** Marks a contract and its request closed. */
  closeContract (id: string, time: number): void {
    transaction(this.db, () => {
      this.db.prepare('UPDATE contracts SET closed_at = ? WHERE id = ?').run(time, id)
      this.db.prepare("UPDATE requests SET status = 'CLOSED' WHERE id = (SELECT request_id FROM contracts WHERE id = ?)").run(id)
    })
  }

  /** A contract by id or by request id. */
  contract (by: { id?: string, requestId?: string }): AidContractRow | undefined {
    const r = by.id !== undefined ? this.db.prepare('SELECT * FROM contracts WHERE id = ?').get(by.id) : this.db.prepare('SELECT * FROM contracts WHERE request_id = ?').get(by.requestId ?? '')
    return r === undefined ? undefined : contractOf(r)
  }

  /** A patient's contracts, newest first. */
  contractsOf (patientId: string): AidContractRow[] {
    return this.db.prepare('SELECT * FROM contracts WHERE patient_id = ? ORDER BY start DESC, rowid DESC').all(patientId).map(contractOf)
  }

  /**
   * Spends a nonce and stores one practitioner's break-glass signature, in one transaction.
   * @throws MedledgerError CONFLICT for a used nonce or a practitioner who signed this request already
   */
  addBreakGlass (row: BreakGlassRow, nonce: string): void {
    transaction(this.db, () => {
      this.spend(row.signer, nonce)
      if (this.db.prepare('SELECT 1 FROM break_glass WHERE request_id = ? AND practitioner_id = ?').get(row.requestId, row.practitionerId) !== undefined) {
        throw makeError('this practitioner signed already', 'CONFLICT', { reason: 'ALREADY_DONE' })
      }
      this.db.prepare('INSERT INTO break_glass VALUES (?, ?, ?, ?, ?, ?)').run(row.requestId, row.practitionerId, row.typedData, row.signature, row.signer, row.time)
    })
  }

  /** The break-glass signatures of a request, oldest first. */
  breakGlass (requestId: string): BreakGlassRow[] {
    return this.db.prepare('SELECT * FROM break_glass WHERE request_id = ? ORDER BY time, rowid').all(requestId).map((r) => ({
      requestId: r.request_id as string, practitionerId: r.practitioner_id as string, typedData: r.typed_data as string, signature: r.signature as string, signer: r.signer as string, time: r.time as number
    }))
  }

  /** A person's notifications, oldest first. */
  inbox (contactId: string): NotificationRow[] {
    return this.db.prepare('SELECT * FROM outbox WHERE contact_id = ? ORDER BY time, rowid').all(contactId).map((r) => ({
      id: r.id as string, requestId: r.request_id as string, contactId: r.contact_id as string, time: r.time as number,
      kind: r.kind as NotificationKind, ...(r.contract_id === null ? {} : { contractId: r.contract_id as string })
    }))
  }
}

/** A request from its `requests` row. */
function requestOf (r: Record<string, unknown>): EmergencyRequestRow {
  return { id: r.id as string, patientId: r.patient_id as string, practitionerId: r.practitioner_id as string, requester: r.requester as string, reason: r.reason as string, status: r.status as EmergencyRequestStatus, openedAt: r.opened_at as number }
}

/** An aid contract from its `contracts` row. */
export function contractOf (r: Record<string, unknown>): AidContractRow {
  return {
    id: r.id as string, requestId: r.request_id as string, patientId: r.patient_id as string, grantId: r.grant_id as string, practitionerId: r.practitioner_id as string,
    start: r.start as number, end: r.end as number, breakGlass: r.break_glass === 1, entryIndex: r.entry_index as number, resourceTypes: JSON.parse(r.resource_types as string) as string[],
    ...(r.closed_at === null ? {} : { closedAt: r.closed_at as number })
  }
}
