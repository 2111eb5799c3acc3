/**
 * The webhook delivery loop: every `intervalMs` it POSTs the due outbox rows to their contacts' URLs
 * (`{type, notificationId, requestId, time}` — ids only, never health data; the contact reads details in the
 * authenticated inbox), marks 2xx answers delivered, and schedules failures with `retryDelayMs`. State is in
 * emergency.db, so a restart resumes where it stopped (a POST may repeat once after a crash: receivers
 * de-duplicate by notificationId). A URL whose host now resolves to a private address is not called (webhook-url.ts).
 */
import { retryDelayMs } from '../../core/emergency/index.ts'
import type { Clock } from '../../core/types.ts'
import type { WebhookTables } from './webhook-store.ts'
import { mayDeliver } from './webhook-url.ts'

/** Milliseconds between two rounds. */
export const DELIVERY_INTERVAL_MS = 250
/** How long one POST may take. */
export const DELIVERY_TIMEOUT_MS = 5000

/** One delivery loop per process (a `services.store` entry, so closing the services stops it). */
export class WebhookDelivery {
  private readonly tables: WebhookTables
  private readonly clock: Clock
  private readonly timer: ReturnType<typeof setInterval>
  private running: Promise<void> | undefined
  private closed = false

  constructor (tables: WebhookTables, clock: Clock) {
    this.tables = tables
    this.clock = clock
    this.timer = setInterval(() => { void this.runOnce() }, DELIVERY_INTERVAL_MS)
    this.timer.unref()
  }

  /** One round of deliveries (a round already running is joined, not repeated). Never throws. */
  async runOnce (): Promise<void> {
    this.running ??= this.round().finally(() => { this.running = undefined })
    return this.running
  }

  private async round (): Promise<void> {
    try {
      for (const w of this.tables.due(this.clock.now())) {
        if (this.closed) return
        let ok = false
        try {
          if (!await mayDeliver(w.url)) throw new Error('destination not allowed')
          const res = await fetch(w.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ type: 'medledger.emergency.request', notificationId: w.notificationId, requestId: w.requestId, time: new Date(w.time).toISOString() }),
            signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
            // A redirect could lead to a private address the check above never saw.
            redirect: 'error'
          })
          await res.body?.cancel()
          ok = res.ok
        } catch {
          ok = false
        }
        if (this.closed) return
        const now = this.clock.now()
        if (ok) this.tables.delivered(w.notificationId, now)
        else this.tables.failed(w.notificationId, now + retryDelayMs(w.attempts + 1))
      }
    } catch {
      // The store closed under a round in flight: the rows stay due and the next process delivers them.
    }
  }

  close (): void {
    this.closed = true
    clearInterval(this.timer)
  }
}
