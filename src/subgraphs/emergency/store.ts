import type { DatabaseSync } from 'node:sqlite'
import type { Clock } from '../../core/types.ts'
import { openMigratedDatabase, transaction } from '../../adapters/sqlite/sqlite-db.ts'
import type { Migration } from '../../adapters/sqlite/sqlite-db.ts'
import { makeError } from '../../core/errors.ts'
import { systemClock } from '../../ports/clock.ts'
import { AidTables, aidMigration, breakGlassMigration, notificationKindMigration } from './aid-store.ts'
import { FieldTables, fieldMigration } from './field-store.ts'
import { WebhookTables, webhookMigration } from './webhook-store.ts'
import { ReviewTables, reviewMigration } from './review-store.ts'
import { DEFAULT_THRESHOLD, checkContacts } from '../../ports/emergency-store.ts'
import type { EmergencyContactRow, EmergencyContactStatus, EmergencySettings, SetContactsOptions } from '../../ports/emergency-store.ts'

export type { FieldCandidate, FieldRequestRow } from './field-store.ts'
export type { AidContractRow, EmergencyRequestRow, EmergencyResponseRow, NotificationKind, NotificationRow } from './aid-store.ts'

export { DEFAULT_THRESHOLD }
export type { EmergencyContactRow, EmergencyContactStatus, EmergencySettings, SetContactsOptions }

/** The SQLite tables of `emergency.db`, synchronous (sqlite-emergency.ts wraps them in the async EmergencyStore port). */
export interface EmergencyStore {
  /**
   * Replaces a patient's contact list and threshold in one transaction. Contacts already named keep their
   * status and `since`; new ones start with `options.status` (default PENDING).
   * @throws TypeError for a non-string id; RangeError for a duplicate contact, the patient naming themself,
   *   a threshold that is not an integer ≥ 1, or one above the number of contacts (when there are any)
   */
  setContacts(patientId: string, contactIds: string[], threshold?: number, options?: SetContactsOptions): void
  /** The settings of each patient (a default for one that has none), in one query. */
  contactsOf(patientIds: readonly string[]): Map<string, EmergencySettings>
  /**
   * The contact `personId` accepts or declines being a contact of `patientId`.
   * @throws MedledgerError NOT_FOUND when the patient did not name this person
   */
  answerRole(patientId: string, personId: string, status: 'ACCEPTED' | 'DECLINED'): EmergencyContactRow
  /** Requests, responses, outbox and contracts. */
  readonly aid: AidTables
  /** Out-of-hospital requests. */
  readonly field: FieldTables
  /** Webhook URLs and delivery state. */
  readonly webhooks: WebhookTables
  /** Auditors' reviews of break-glass contracts. */
  readonly reviews: ReviewTables
  close(): void
}

const migrations: readonly Migration[] = [{
  version: 1,
  name: 'contacts and thresholds',
  sql: `
    CREATE TABLE contacts (
      patient_id        TEXT    NOT NULL,
      contact_person_id TEXT    NOT NULL,
      status            TEXT    NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'DECLINED')),
      since             INTEGER NOT NULL,
      position          INTEGER NOT NULL,
      PRIMARY KEY (patient_id, contact_person_id)
    ) STRICT;
    CREATE TABLE thresholds (
      patient_id TEXT    PRIMARY KEY,
      m          INTEGER NOT NULL DEFAULT 2 CHECK (m >= 1)
    ) STRICT;
  `
}, aidMigration, fieldMigration, webhookMigration, breakGlassMigration, reviewMigration, notificationKindMigration]

/**
 * The emergency subgraph's store on a `node:sqlite` file (durable state: `synchronous = FULL`), migrated on open.
 * @throws Error from node:sqlite when the file cannot be opened; MedledgerError CONFLICT for a newer schema
 */
export function openEmergencyStore (file: string, clock: Clock = systemClock): EmergencyStore {
  const db = openMigratedDatabase(file, migrations, { synchronous: 'FULL' })
  return new SqliteEmergencyStore(db, clock)
}

class SqliteEmergencyStore implements EmergencyStore {
  private readonly db: DatabaseSync
  private readonly clock: Clock
  readonly aid: AidTables
  readonly field: FieldTables
  readonly webhooks: WebhookTables
  readonly reviews: ReviewTables

  constructor (db: DatabaseSync, clock: Clock) {
    this.db = db
    this.clock = clock
    this.aid = new AidTables(db)
    this.field = new FieldTables(db)
    this.webhooks = new WebhookTables(db)
    this.reviews = new ReviewTables(db)
  }

  answerRole (patientId: string, personId: string, status: 'ACCEPTED' | 'DECLINED'): EmergencyContactRow {
    const now = this.clock.now()
    const r = this.db.prepare('UPDATE contacts SET status = ?, since = ? WHERE patient_id = ? AND contact_person_id = ?').run(status, now, patientId, personId)
    if (Number(r.changes) === 0) throw makeError('this person is not an emergency contact of the patient', 'NOT_FOUND')
    return { patientId, personId, status, since: now }
  }

  setContacts (patientId: string, contactIds: string[], threshold = DEFAULT_THRESHOLD, options: SetContactsOptions = {}): void {
    checkContacts(patientId, contactIds, threshold)
    const now = this.clock.now()
    const status = options.status ?? 'PENDING'
    transaction(this.db, () => {
      const kept = new Map(this.db.prepare('SELECT contact_person_id, status, since FROM contacts WHERE patient_id = ?').all(patientId)
        .map((r) => [r.contact_person_id as string, { status: r.status as string, since: r.since as number }]))
      this.db.prepare('DELETE FROM contacts WHERE patient_id = ?').run(patientId)
      const insert = this.db.prepare('INSERT INTO contacts (patient_id, contact_person_id, status, since, position) VALUES (?, ?, ?, ?, ?)')
      contactIds.forEach((id, position) => {
        const old = kept.get(id)
        insert.run(patientId, id, old?.status ?? status, old?.since ?? now, position)
      })
      this.db.prepare('INSERT INTO thresholds (patient_id, m) VALUES (?, ?) ON CONFLICT (patient_id) DO UPDATE SET m = excluded.m')
        .run(patientId, threshold)
    })
  }

  contactsOf (patientIds: readonly string[]): Map<string, EmergencySettings> {
    const out = new Map<string, EmergencySettings>(patientIds.map((id) => [id, { threshold: DEFAULT_THRESHOLD, contacts: [] }]))
    if (patientIds.length === 0) return out
    const ids = JSON.stringify([...new Set(patientIds)])
    // One statement for both tables: threshold rows (contact NULL) and contact rows, by patient then position.
    const rows = this.db.prepare(`
      SELECT t.patient_id, t.m, NULL AS contact_person_id, NULL AS status, NULL AS since, -1 AS position
        FROM thresholds t WHERE t.patient_id IN (SELECT value FROM json_each(?))
      UNION ALL
      SELECT c.patient_id, NULL, c.contact_person_id, c.status, c.since, c.position
        FROM contacts c WHERE c.patient_id IN (SELECT value FROM json_each(?))
      ORDER BY 1, 6`).all(ids, ids)
    for (const r of rows) {
      const settings = out.get(r.patient_id as string)!
      if (r.contact_person_id === null) {
        settings.threshold = r.m as number
      } else {
        settings.contacts.push({
          patientId: r.patient_id as string,
          personId: r.contact_person_id as string,
          status: r.status as EmergencyContactStatus,
          since: r.since as number
        })
      }
    }
    return out
  }

  close (): void {
    if (this.db.isOpen) this.db.close()
  }
}
