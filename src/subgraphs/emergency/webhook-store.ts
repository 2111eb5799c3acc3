/**
 * Webhook URLs of contacts and the webhook state of outbox rows (migration 4 of store.ts). A notification for a
 * contact with a URL is queued with the request (same transaction), so it is delivered even after a crash.
 */
import type { DatabaseSync } from 'node:sqlite'
import type { Migration } from '../../adapters/sqlite/sqlite-db.ts'

import type { PendingWebhook } from '../../ports/emergency-store.ts'

export type { PendingWebhook }

export const webhookMigration: Migration = {
  version: 4,
  name: 'webhooks',
  sql: `
    CREATE TABLE webhooks (person_id TEXT PRIMARY KEY, url TEXT NOT NULL) STRICT;
    ALTER TABLE outbox ADD COLUMN webhook_url TEXT;
    ALTER TABLE outbox ADD COLUMN delivered_at INTEGER;
    ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
  `
}

/** Webhook configuration and delivery state. */
export class WebhookTables {
  private readonly db: DatabaseSync
  constructor (db: DatabaseSync) { this.db = db }

  /** Sets (or, with null, clears) a person's webhook URL. */
  setUrl (personId: string, url: string | null): void {
    if (url === null) this.db.prepare('DELETE FROM webhooks WHERE person_id = ?').run(personId)
    else this.db.prepare('INSERT INTO webhooks VALUES (?, ?) ON CONFLICT (person_id) DO UPDATE SET url = excluded.url').run(personId, url)
  }

  /** The webhook URL of each person that has one. */
  urlsOf (personIds: readonly string[]): Map<string, string> {
    return new Map(this.db.prepare('SELECT person_id, url FROM webhooks WHERE person_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(personIds))
      .map((r) => [r.person_id as string, r.url as string]))
  }

  /** Undelivered webhooks due at `now`, oldest first. */
  due (now: number, limit = 50): PendingWebhook[] {
    return this.db.prepare('SELECT * FROM outbox WHERE webhook_url IS NOT NULL AND delivered_at IS NULL AND next_attempt_at <= ? ORDER BY time, rowid LIMIT ?').all(now, limit).map((r) => ({
      notificationId: r.id as string, requestId: r.request_id as string, contactId: r.contact_id as string, url: r.webhook_url as string, attempts: r.attempts as number, time: r.time as number,
      kind: r.kind as 'REQUEST' | 'BREAK_GLASS', ...(r.contract_id === null ? {} : { contractId: r.contract_id as string })
    }))
  }

  /** Marks a webhook delivered. */
  delivered (notificationId: string, time: number): void {
    this.db.prepare('UPDATE outbox SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?').run(time, notificationId)
  }

  /** Records a failed attempt and when to try again. */
  failed (notificationId: string, nextAttemptAt: number): void {
    this.db.prepare('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?').run(nextAttemptAt, notificationId)
  }
}
