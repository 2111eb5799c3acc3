import type { SubgraphContext } from '../context.ts'
import { openEmergencyStore } from './store.ts'
import type { EmergencyStore } from './store.ts'
import { WebhookDelivery } from './webhook-delivery.ts'

/**
 * This process's emergency store (`<data folder>/emergency.db`), opened on first use — which also starts the
 * webhook delivery loop (stopped when the services close).
 * @throws Error from node:sqlite when the file cannot be opened
 */
export function emergencyStore (ctx: Pick<SubgraphContext, 'services'>): EmergencyStore {
  const store = rawStore(ctx)
  webhookDelivery(ctx)
  return store
}

function rawStore (ctx: Pick<SubgraphContext, 'services'>): EmergencyStore {
  return ctx.services.store('emergency', (file) => openEmergencyStore(file, ctx.services.clock))
}

/** This process's webhook delivery loop, started on first use. */
export function webhookDelivery (ctx: Pick<SubgraphContext, 'services'>): WebhookDelivery {
  return ctx.services.store('emergency-webhooks', () => new WebhookDelivery(rawStore(ctx).webhooks, ctx.services.clock))
}
