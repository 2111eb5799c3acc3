import type { AccessLogged } from '../../ports/ledger.ts'
import { actorOf } from '../context.ts'
import type { SubgraphContext } from '../context.ts'
import { loader } from '../loaders.ts'
import { dataOf } from './data.ts'

/** One attempt to read (or write) another person's records, as the audit trail keeps it. */
export interface AccessAttempt {
  /** The patient whose records were asked for. */
  subject: string
  recordIds: readonly string[]
  decision: 'permit' | 'deny'
  /** Purpose of use (default TREAT). */
  purpose?: string
  /** The grant that decided, when one did. */
  grant?: string
}

/**
 * Logs an access attempt through the request's audit buffer (DataLoader 'records.audit'): every attempt made
 * while one level of the query resolves is appended in ONE ledger append, as one AccessLogged entry per
 * subject, decision, purpose and grant — never one append per field. Resolves once the entry is durable, so a
 * permitted read is served only after it is logged.
 * @throws whatever the ledger append throws (MedledgerError LEDGER_CORRUPT, …); the read must then fail
 */
export async function logAccess (ctx: SubgraphContext, attempt: AccessAttempt): Promise<void> {
  await loader<AccessAttempt, true>(ctx, 'records.audit', async (attempts) => {
    const actor = actorOf(ctx.viewer)
    const time = ctx.services.clock.now()
    const entries = new Map<string, AccessLogged>()
    for (const a of attempts) {
      const purpose = a.purpose ?? 'TREAT'
      const key = JSON.stringify([a.subject, a.decision, purpose, a.grant ?? null])
      const entry: AccessLogged = entries.get(key) ?? { type: 'AccessLogged', actor, subject: a.subject, recordIds: [], purpose, decision: a.decision, time }
      if (a.grant !== undefined) entry.grant = a.grant
      for (const id of a.recordIds) if (!entry.recordIds.includes(id)) entry.recordIds.push(id)
      entries.set(key, entry)
    }
    await dataOf(ctx.services).ledger.append([...entries.values()])
    return attempts.map(() => true as const)
  }).load(attempt)
}
