/**
 * The EmergencyStore port on PostgreSQL: the tables of `emergency.db` as `emergency_*` tables of the cluster
 * database, shared by every process. Nonces are single-use across processes (a primary key and
 * `ON CONFLICT DO NOTHING` inside the transaction that stores what they sign); a field request's first
 * acceptance is a compare-and-set; insertion order (SQLite's rowid) is a `seq` column.
 */
import type pg from 'pg'
import { makeError } from '../../core/errors.ts'
import type { Clock } from '../../core/types.ts'
import { DEFAULT_THRESHOLD, checkContacts } from '../../ports/emergency-store.ts'
import type {
  AidContractRow, AidState, BreakGlassOutcome, BreakGlassReviewRow, BreakGlassRow, EmergencyContactRow, EmergencyContactStatus, EmergencyRequestRow,
  EmergencyRequestStatus, EmergencyResponseRow, EmergencySettings, EmergencyStore, FieldCandidate, FieldRequestRow, FieldState, NotificationKind,
  NotificationRow, PendingWebhook, ReviewState, SetContactsOptions, WebhookState
} from '../../ports/emergency-store.ts'
import { migratePostgres, withTransaction } from './pool.ts'
import type { PgMigration, Queryable } from './pool.ts'

/** The emergency tables' schema steps (store `emergency` in medledger_migrations). */
export const emergencyMigrations: readonly PgMigration[] = [{
  version: 1,
  name: 'emergency: contacts, requests, outbox, contracts, nonces, field, webhooks, reviews',
  sql: `
    CREATE TABLE emergency_contacts (patient_id text NOT NULL, contact_person_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'DECLINED')), since bigint NOT NULL, position int NOT NULL,
      PRIMARY KEY (patient_id, contact_person_id));
    CREATE TABLE emergency_thresholds (patient_id text PRIMARY KEY, m int NOT NULL DEFAULT 2 CHECK (m >= 1));
    CREATE TABLE emergency_requests (id text PRIMARY KEY, patient_id text NOT NULL, practitioner_id text NOT NULL, requester text NOT NULL,
      reason text NOT NULL, status text NOT NULL CHECK (status IN ('OPEN', 'CONTRACTED', 'CLOSED')), opened_at bigint NOT NULL);
    CREATE INDEX emergency_requests_patient ON emergency_requests (patient_id, opened_at);
    CREATE INDEX emergency_requests_practitioner ON emergency_requests (practitioner_id, opened_at);
    CREATE TABLE emergency_responses (seq bigserial NOT NULL, request_id text NOT NULL, contact_id text NOT NULL,
      decision text NOT NULL CHECK (decision IN ('CONFIRM', 'DENY')), typed_data text NOT NULL, signature text NOT NULL, time bigint NOT NULL,
      PRIMARY KEY (request_id, contact_id));
    CREATE TABLE emergency_outbox (seq bigserial NOT NULL, id text PRIMARY KEY, request_id text NOT NULL, contact_id text NOT NULL, time bigint NOT NULL,
      webhook_url text, delivered_at bigint, attempts int NOT NULL DEFAULT 0, next_attempt_at bigint NOT NULL DEFAULT 0,
      kind text NOT NULL DEFAULT 'REQUEST' CHECK (kind IN ('REQUEST', 'BREAK_GLASS')), contract_id text);
    CREATE INDEX emergency_outbox_contact ON emergency_outbox (contact_id, time);
    CREATE INDEX emergency_outbox_due ON emergency_outbox (next_attempt_at) WHERE webhook_url IS NOT NULL AND delivered_at IS NULL;
    CREATE TABLE emergency_contracts (seq bigserial NOT NULL, id text PRIMARY KEY, request_id text NOT NULL UNIQUE, patient_id text NOT NULL,
      grant_id text NOT NULL, practitioner_id text NOT NULL, start bigint NOT NULL, "end" bigint NOT NULL, closed_at bigint,
      entry_index bigint NOT NULL, resource_types text NOT NULL, break_glass boolean NOT NULL DEFAULT false);
    CREATE INDEX emergency_contracts_patient ON emergency_contracts (patient_id, start);
    CREATE TABLE emergency_nonces (signer text NOT NULL, nonce text NOT NULL, PRIMARY KEY (signer, nonce));
    CREATE TABLE emergency_break_glass (seq bigserial NOT NULL, request_id text NOT NULL, practitioner_id text NOT NULL, typed_data text NOT NULL,
      signature text NOT NULL, signer text NOT NULL, time bigint NOT NULL, PRIMARY KEY (request_id, practitioner_id));
    CREATE TABLE emergency_field_requests (id text PRIMARY KEY, patient_id text NOT NULL, requester text NOT NULL, reason text NOT NULL,
      latitude double precision NOT NULL, longitude double precision NOT NULL, opened_at bigint NOT NULL, candidates text NOT NULL,
      accepted_org text, accepted_by text, accepted_at bigint);
    CREATE INDEX emergency_field_patient ON emergency_field_requests (patient_id, opened_at);
    CREATE INDEX emergency_field_requester ON emergency_field_requests (requester, opened_at);
    CREATE TABLE emergency_webhooks (person_id text PRIMARY KEY, url text NOT NULL);
    CREATE TABLE emergency_reviews (contract_id text PRIMARY KEY, reviewer text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('JUSTIFIED', 'UNJUSTIFIED')), note text NOT NULL, time bigint NOT NULL, entry_index bigint NOT NULL);
  `
}]

type Row = Record<string, unknown>

/** SQLSTATE of a unique violation. */
const UNIQUE_VIOLATION = '23505'
const isUnique = (err: unknown): boolean => (err as { code?: string }).code === UNIQUE_VIOLATION

/**
 * The port on `pool` (not ended by close(): the pool is the process's). Migrates on first use; every method
 * waits for that.
 * @throws (from each method) MedledgerError CONFLICT when the database holds newer emergency tables
 */
export function postgresEmergencyStore (pool: pg.Pool, clock: Clock): EmergencyStore {
  let migrated: Promise<void> | undefined
  const ready = async (): Promise<pg.Pool> => {
    migrated ??= migratePostgres(pool, 'emergency', emergencyMigrations)
    await migrated
    return pool
  }
  const q = async (sql: string, params: unknown[] = []): Promise<Row[]> => (await (await ready()).query(sql, params)).rows as Row[]
  const tx = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => withTransaction(await ready(), fn)

  const spend = async (c: Queryable, signer: string, nonce: string): Promise<void> => {
    const r = await c.query('INSERT INTO emergency_nonces (signer, nonce) VALUES ($1, $2) ON CONFLICT DO NOTHING', [signer, nonce])
    if (r.rowCount !== 1) throw makeError('signature nonce already used', 'CONFLICT', { reason: 'REPLAYED' })
  }
  const queue = async (c: Queryable, notifications: readonly NotificationRow[]): Promise<void> => {
    for (const n of notifications) {
      await c.query('INSERT INTO emergency_outbox (id, request_id, contact_id, time, webhook_url, kind, contract_id) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [n.id, n.requestId, n.contactId, n.time, n.webhookUrl ?? null, n.kind ?? 'REQUEST', n.contractId ?? null])
    }
  }

  const aid: AidState = {
    async openRequest (row, notifications) {
      await tx(async (c) => {
        await c.query('INSERT INTO emergency_requests VALUES ($1, $2, $3, $4, $5, $6, $7)', [row.id, row.patientId, row.practitionerId, row.requester, row.reason, row.status, row.openedAt])
        await queue(c, notifications)
      })
    },
    async recentRequests (by, since) {
      const rows = 'patientId' in by
        ? await q('SELECT * FROM emergency_requests WHERE patient_id = $1 AND opened_at > $2 ORDER BY opened_at DESC', [by.patientId, since])
        : await q('SELECT * FROM emergency_requests WHERE practitioner_id = $1 AND opened_at > $2 ORDER BY opened_at DESC', [by.practitionerId, since])
      return rows.map(requestOf)
    },
    async request (id) {
      const [r] = await q('SELECT * FROM emergency_requests WHERE id = $1', [id])
      return r === undefined ? undefined : requestOf(r)
    },
    async addResponse (row, signer, nonce) {
      await tx(async (c) => {
        await spend(c, signer, nonce)
        const r = await c.query('INSERT INTO emergency_responses (request_id, contact_id, decision, typed_data, signature, time) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
          [row.requestId, row.contactId, row.decision, row.typedData, row.signature, row.time])
        if (r.rowCount !== 1) throw makeError('this contact already answered the request', 'CONFLICT', { reason: 'ALREADY_DONE' })
      })
    },
    async responses (requestId) {
      return (await q('SELECT * FROM emergency_responses WHERE request_id = $1 ORDER BY time, seq', [requestId])).map((r): EmergencyResponseRow => ({
        requestId: r.request_id as string, contactId: r.contact_id as string, decision: r.decision as 'CONFIRM' | 'DENY', typedData: r.typed_data as string, signature: r.signature as string, time: r.time as number
      }))
    },
    async spend (signer, nonce) {
      await spend(await ready(), signer, nonce)
    },
    async addContract (row, notifications = []) {
      await tx(async (c) => {
        await queue(c, notifications)
        await c.query('INSERT INTO emergency_contracts (id, request_id, patient_id, grant_id, practitioner_id, start, "end", closed_at, entry_index, resource_types, break_glass) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9, $10)',
          [row.id, row.requestId, row.patientId, row.grantId, row.practitionerId, row.start, row.end, row.entryIndex, JSON.stringify(row.resourceTypes), row.breakGlass])
        await c.query("UPDATE emergency_requests SET status = 'CONTRACTED' WHERE id = $1", [row.requestId])
      })
    },
    async closeContract (id, time) {
      await tx(async (c) => {
        await c.query('UPDATE emergency_contracts SET closed_at = $1 WHERE id = $2', [time, id])
        await c.query("UPDATE emergency_requests SET status = 'CLOSED' WHERE id = (SELECT request_id FROM emergency_contracts WHERE id = $1)", [id])
      })
    },
    async contract (by) {
      const [r] = by.id !== undefined
        ? await q('SELECT * FROM emergency_contracts WHERE id = $1', [by.id])
        : await q('SELECT * FROM emergency_contracts WHERE request_id = $1', [by.requestId ?? ''])
      return r === undefined ? undefined : contractOf(r)
    },
    async contractsOf (patientId) {
      return (await q('SELECT * FROM emergency_contracts WHERE patient_id = $1 ORDER BY start DESC, seq DESC', [patientId])).map(contractOf)
    },
    async addBreakGlass (row, nonce) {
      await tx(async (c) => {
        await spend(c, row.signer, nonce)
        const r = await c.query('INSERT INTO emergency_break_glass (request_id, practitioner_id, typed_data, signature, signer, time) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
          [row.requestId, row.practitionerId, row.typedData, row.signature, row.signer, row.time])
        if (r.rowCount !== 1) throw makeError('this practitioner signed already', 'CONFLICT', { reason: 'ALREADY_DONE' })
      })
    },
    async breakGlass (requestId) {
      return (await q('SELECT * FROM emergency_break_glass WHERE request_id = $1 ORDER BY time, seq', [requestId])).map((r): BreakGlassRow => ({
        requestId: r.request_id as string, practitionerId: r.practitioner_id as string, typedData: r.typed_data as string, signature: r.signature as string, signer: r.signer as string, time: r.time as number
      }))
    },
    async inbox (contactId) {
      return (await q('SELECT * FROM emergency_outbox WHERE contact_id = $1 ORDER BY time, seq', [contactId])).map((r): NotificationRow => ({
        id: r.id as string, requestId: r.request_id as string, contactId: r.contact_id as string, time: r.time as number,
        kind: r.kind as NotificationKind, ...(r.contract_id === null ? {} : { contractId: r.contract_id as string })
      }))
    }
  }

  const field: FieldState = {
    async open (row) {
      await q('INSERT INTO emergency_field_requests VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL, NULL)',
        [row.id, row.patientId, row.requester, row.reason, row.latitude, row.longitude, row.openedAt, JSON.stringify(row.candidates)])
    },
    async recent (by, since) {
      const rows = 'patientId' in by
        ? await q('SELECT * FROM emergency_field_requests WHERE patient_id = $1 AND opened_at > $2 ORDER BY opened_at DESC', [by.patientId, since])
        : await q('SELECT * FROM emergency_field_requests WHERE requester = $1 AND opened_at > $2 ORDER BY opened_at DESC', [by.requester, since])
      return rows.map(fieldRequestOf)
    },
    async get (id) {
      const [r] = await q('SELECT * FROM emergency_field_requests WHERE id = $1', [id])
      return r === undefined ? undefined : fieldRequestOf(r)
    },
    async accept (id, organizationId, practitionerId, time) {
      const r = await (await ready()).query('UPDATE emergency_field_requests SET accepted_org = $1, accepted_by = $2, accepted_at = $3 WHERE id = $4 AND accepted_org IS NULL',
        [organizationId, practitionerId, time, id])
      if (r.rowCount === 0) throw makeError('another hospital accepted the request first', 'CONFLICT')
    },
    async unaccept (id) {
      await q('UPDATE emergency_field_requests SET accepted_org = NULL, accepted_by = NULL, accepted_at = NULL WHERE id = $1', [id])
    }
  }

  const webhooks: WebhookState = {
    async setUrl (personId, url) {
      if (url === null) await q('DELETE FROM emergency_webhooks WHERE person_id = $1', [personId])
      else await q('INSERT INTO emergency_webhooks VALUES ($1, $2) ON CONFLICT (person_id) DO UPDATE SET url = excluded.url', [personId, url])
    },
    async urlsOf (personIds) {
      const rows = await q('SELECT person_id, url FROM emergency_webhooks WHERE person_id = ANY($1::text[])', [[...personIds]])
      return new Map(rows.map((r) => [r.person_id as string, r.url as string]))
    },
    async due (now, limit = 50) {
      const rows = await q('SELECT * FROM emergency_outbox WHERE webhook_url IS NOT NULL AND delivered_at IS NULL AND next_attempt_at <= $1 ORDER BY time, seq LIMIT $2', [now, limit])
      return rows.map((r): PendingWebhook => ({
        notificationId: r.id as string, requestId: r.request_id as string, contactId: r.contact_id as string, url: r.webhook_url as string, attempts: r.attempts as number, time: r.time as number,
        kind: r.kind as 'REQUEST' | 'BREAK_GLASS', ...(r.contract_id === null ? {} : { contractId: r.contract_id as string })
      }))
    },
    async delivered (notificationId, time) {
      await q('UPDATE emergency_outbox SET delivered_at = $1, attempts = attempts + 1 WHERE id = $2', [time, notificationId])
    },
    async failed (notificationId, nextAttemptAt) {
      await q('UPDATE emergency_outbox SET attempts = attempts + 1, next_attempt_at = $1 WHERE id = $2', [nextAttemptAt, notificationId])
    }
  }

  const reviews: ReviewState = {
    async queue (reviewed, limit) {
      const rows = await q(`SELECT c.* FROM emergency_contracts c LEFT JOIN emergency_reviews r ON r.contract_id = c.id
        WHERE c.break_glass AND r.contract_id IS ${reviewed ? 'NOT ' : ''}NULL ORDER BY c.start, c.seq LIMIT $1`, [limit])
      return rows.map(contractOf)
    },
    async review (contractId) {
      const [r] = await q('SELECT * FROM emergency_reviews WHERE contract_id = $1', [contractId])
      return r === undefined ? undefined : { contractId: r.contract_id as string, reviewer: r.reviewer as string, outcome: r.outcome as BreakGlassOutcome, note: r.note as string, time: r.time as number, entryIndex: r.entry_index as number }
    },
    async add (row: BreakGlassReviewRow) {
      try {
        await q('INSERT INTO emergency_reviews VALUES ($1, $2, $3, $4, $5, $6)', [row.contractId, row.reviewer, row.outcome, row.note, row.time, row.entryIndex])
      } catch (err) {
        if (isUnique(err)) throw makeError('the contract has been reviewed already', 'CONFLICT', { reason: 'ALREADY_DONE' })
        throw err
      }
    }
  }

  return {
    async setContacts (patientId, contactIds, threshold = DEFAULT_THRESHOLD, options: SetContactsOptions = {}) {
      checkContacts(patientId, contactIds, threshold)
      const now = clock.now()
      const status = options.status ?? 'PENDING'
      await tx(async (c) => {
        // Serializes concurrent replacements of one patient's list (the threshold row is the lock).
        await c.query('INSERT INTO emergency_thresholds (patient_id, m) VALUES ($1, $2) ON CONFLICT (patient_id) DO UPDATE SET m = excluded.m', [patientId, threshold])
        const kept = new Map((await c.query('SELECT contact_person_id, status, since FROM emergency_contacts WHERE patient_id = $1', [patientId])).rows
          .map((r: Row) => [r.contact_person_id as string, { status: r.status as string, since: r.since as number }]))
        await c.query('DELETE FROM emergency_contacts WHERE patient_id = $1', [patientId])
        for (const [position, id] of contactIds.entries()) {
          const old = kept.get(id)
          await c.query('INSERT INTO emergency_contacts (patient_id, contact_person_id, status, since, position) VALUES ($1, $2, $3, $4, $5)',
            [patientId, id, old?.status ?? status, old?.since ?? now, position])
        }
      })
    },
    async contactsOf (patientIds) {
      const out = new Map<string, EmergencySettings>(patientIds.map((id) => [id, { threshold: DEFAULT_THRESHOLD, contacts: [] }]))
      if (patientIds.length === 0) return out
      const ids = [...new Set(patientIds)]
      const rows = await q(`
        SELECT t.patient_id, t.m, NULL AS contact_person_id, NULL AS status, NULL::bigint AS since, -1 AS position
          FROM emergency_thresholds t WHERE t.patient_id = ANY($1::text[])
        UNION ALL
        SELECT c.patient_id, NULL, c.contact_person_id, c.status, c.since, c.position
          FROM emergency_contacts c WHERE c.patient_id = ANY($1::text[])
        ORDER BY 1, 6`, [ids])
      for (const r of rows) {
        const settings = out.get(r.patient_id as string)!
        if (r.contact_person_id === null) settings.threshold = r.m as number
        else settings.contacts.push({ patientId: r.patient_id as string, personId: r.contact_person_id as string, status: r.status as EmergencyContactStatus, since: r.since as number })
      }
      return out
    },
    async answerRole (patientId, personId, status): Promise<EmergencyContactRow> {
      const now = clock.now()
      const r = await (await ready()).query('UPDATE emergency_contacts SET status = $1, since = $2 WHERE patient_id = $3 AND contact_person_id = $4', [status, now, patientId, personId])
      if (r.rowCount === 0) throw makeError('this person is not an emergency contact of the patient', 'NOT_FOUND')
      return { patientId, personId, status, since: now }
    },
    aid,
    field,
    webhooks,
    reviews,
    async close () {}
  }
}

function requestOf (r: Row): EmergencyRequestRow {
  return { id: r.id as string, patientId: r.patient_id as string, practitionerId: r.practitioner_id as string, requester: r.requester as string, reason: r.reason as string, status: r.status as EmergencyRequestStatus, openedAt: r.opened_at as number }
}

function contractOf (r: Row): AidContractRow {
  return {
    id: r.id as string, requestId: r.request_id as string, patientId: r.patient_id as string, grantId: r.grant_id as string, practitionerId: r.practitioner_id as string,
    start: r.start as number, end: r.end as number, breakGlass: r.break_glass === true, entryIndex: r.entry_index as number, resourceTypes: JSON.parse(r.resource_types as string) as string[],
    ...(r.closed_at === null ? {} : { closedAt: r.closed_at as number })
  }
}

function fieldRequestOf (r: Row): FieldRequestRow {
  return {
    id: r.id as string, patientId: r.patient_id as string, requester: r.requester as string, reason: r.reason as string,
    latitude: r.latitude as number, longitude: r.longitude as number, openedAt: r.opened_at as number,
    candidates: JSON.parse(r.candidates as string) as FieldCandidate[],
    ...(r.accepted_org === null ? {} : { accepted: { organizationId: r.accepted_org as string, practitionerId: r.accepted_by as string, time: r.accepted_at as number } })
  }
}
