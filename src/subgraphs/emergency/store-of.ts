import { postgresEmergencyStore } from '../../adapters/postgres/index.ts'
import type { EmergencyStore } from '../../ports/emergency-store.ts'
import type { SubgraphContext } from '../context.ts'
import { sqliteEmergencyStore } from './sqlite-emergency.ts'
import { openEmergencyStore } from './store.ts'
import { WebhookDelivery } from './webhook-delivery.ts'

/**
 * This process's emergency store, opened on first use — which also starts the webhook delivery loop (stopped
 * when the services close): the cluster's PostgreSQL when the services have one (`emergency_*` tables,
 * migrated on first use), else `<data folder>/emergency.db`.
 * @throws Error from node:sqlite when the file cannot be opened
 */
export function emergencyStore (ctx: Pick<SubgraphContext, 'services'>): EmergencyStore {
  const store = rawStore(ctx)
  webhookDelivery(ctx)
  return store
}

function rawStore (ctx: Pick<SubgraphContext, 'services'>): EmergencyStore {
  const { postgres, clock } = ctx.services
  return postgres !== undefined
    ? ctx.services.store('emergency-pg', () => postgresEmergencyStore(postgres, clock))
    : ctx.services.store('emergency', (file) => sqliteEmergencyStore(openEmergencyStore(file, clock)))
}

/** This process's webhook delivery loop, started on first use. */
export function webhookDelivery (ctx: Pick<SubgraphContext, 'services'>): WebhookDelivery {
  return ctx.services.store('emergency-webhooks', () => new WebhookDelivery(rawStore(ctx).webhooks, ctx.services.clock))
}
