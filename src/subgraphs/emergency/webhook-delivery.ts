/**
 * The webhook delivery loop: every `intervalMs` it POSTs the due outbox rows to their contacts' URLs
 * (`{type, notificationId, requestId, time}` — ids only, never health data; the contact reads details in the
 * authenticated inbox), marks 2xx answers delivered, and schedules failures with `retryDelayMs`. State is in
 * emergency.db, so a restart resumes where it stopped (a POST may repeat once after a crash: receivers
 * de-duplicate by notificationId). A URL whose host now resolves to a private address is not called (webhook-url.ts).
 */
import { retryDelayMs } from '../../core/emergency/index.ts'
import type { Clock } from '../../core/types.ts'
import type { PendingWebhook, WebhookState } from '../../ports/emergency-store.ts'
import { deliveryAddress } from './webhook-url.ts'
import { postToAddress } from './webhook-post.ts'

/**
 * What a webhook POST says: ids only, never health data. A break-glass notice names the contract, so the
 * recipient can read who broke the glass and until when in the authenticated app.
 */
export function webhookBody (w: PendingWebhook): Record<string, string> {
  const time = new Date(w.time).toISOString()
  return w.kind === 'BREAK_GLASS'
    ? { type: 'medledger.emergency.break-glass', notificationId: w.notificationId, requestId: w.requestId, contractId: w.contractId ?? '', time }
    : { type: 'medledger.emergency.request', notificationId: w.notificationId, requestId: w.requestId, time }
}

/** Milliseconds between two rounds. */
export const DELIVERY_INTERVAL_MS = 250
/** How long one POST may take. */
export const DELIVERY_TIMEOUT_MS = 5000

/** One delivery loop per process (a `services.store` entry, so closing the services stops it). */
export class WebhookDelivery {
  private readonly tables: WebhookState
  private readonly clock: Clock
  private readonly timer: ReturnType<typeof setInterval>
  private running: Promise<void> | undefined
  private closed = false

  constructor (tables: WebhookState, clock: Clock) {
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
      for (const w of await this.tables.due(this.clock.now())) {
        if (this.closed) return
        let ok = false
        try {
          const address = await deliveryAddress(w.url)
          if (address === undefined) throw new Error('destination not allowed')
          // Connects to the address just checked; a redirect (3xx) is a failure, never followed.
          const status = await postToAddress(w.url, address, webhookBody(w), DELIVERY_TIMEOUT_MS)
          ok = status >= 200 && status < 300
        } catch {
          ok = false
        }
        if (this.closed) return
        const now = this.clock.now()
        if (ok) await this.tables.delivered(w.notificationId, now)
        else await this.tables.failed(w.notificationId, now + retryDelayMs(w.attempts + 1))
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
