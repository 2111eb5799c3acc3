/**
 * Who may act as a hospital. Registering an organization is self-service; trust is not: an organization is
 * UNVERIFIED until an operator (`medledger org verify`) or a REGULATOR verifies it, and only a VERIFIED
 * organization's practitioners open emergency requests, accept field emergencies, break the glass, bill, ask
 * for research shares or act through organization-wide grants. Suspending takes all of that away from the
 * next request (viewers are resolved fresh per request).
 *
 * Each change is kept twice: the status in identity.db (what decisions read) and an `OrganizationVerified` /
 * `OrganizationSuspended` ledger entry (who and when, for anyone to audit). Both are written from one
 * outbox row: the status and the row commit together; the entry is appended by the process that owns the
 * ledger — at once when that is this process, else by the serving process's timer (the CLI may run beside
 * `serve`, which alone may append).
 */
import { makeError } from '../../core/errors.ts'
import type { LedgerEntry } from '../../ports/ledger.ts'
import type { Services } from '../context.ts'
import { SerialQueue } from '../serial-queue.ts'
import type { OrganizationRow, VerificationEventRow } from './rows.ts'
import { identityStore } from './store.ts'

export const VERIFICATION_REASON_MAX = 2000

/** One flush at a time per process, so an outbox row is never appended twice by two concurrent flushes. */
const queues = new WeakMap<object, SerialQueue>()

export async function changeVerification (services: Services, input: { organizationId: string, status: 'VERIFIED' | 'SUSPENDED', actor: string, reason?: string }): Promise<OrganizationRow> {
  const reason = input.reason?.trim()
  if (input.status === 'SUSPENDED' && (reason === undefined || reason.length === 0)) throw makeError('say why the organization is suspended', 'BAD_INPUT')
  if (reason !== undefined && reason.length > VERIFICATION_REASON_MAX) throw makeError(`reason must be at most ${VERIFICATION_REASON_MAX} characters`, 'BAD_INPUT')
  const store = identityStore(services)
  store.setVerification({ organizationId: input.organizationId, status: input.status, actor: input.actor, time: services.clock.now(), ...(reason === undefined || reason.length === 0 ? {} : { reason }) })
  await appendVerificationEntries(services)
  return store.organizationsByIds([input.organizationId])[0]!
}

/**
 * Appends the ledger entries of verification changes not yet logged, oldest first; returns how many. Does
 * nothing where this process does not own the ledger. A crash between an append and its bookkeeping can
 * append one change twice (both entries say the same thing); none is ever lost.
 * @throws whatever the ledger append throws
 */
export async function appendVerificationEntries (services: Services): Promise<number> {
  const data = services.data
  if (data === undefined) return 0
  let queue = queues.get(services)
  if (queue === undefined) queues.set(services, queue = new SerialQueue())
  return queue.run(async () => {
    const store = identityStore(services)
    const pending = store.unloggedVerifications()
    for (const event of pending) {
      const [index] = await data.ledger.append([verificationEntry(event)])
      store.setVerificationEntry(event.seq, index!)
    }
    return pending.length
  })
}

/** The ledger entry of one change: names the organization and the actor, never a patient. */
export function verificationEntry (event: VerificationEventRow): LedgerEntry {
  return {
    type: event.status === 'VERIFIED' ? 'OrganizationVerified' : 'OrganizationSuspended',
    organization: event.organizationId,
    actor: event.actor,
    ...(event.reason === null ? {} : { reason: event.reason }),
    time: event.time
  }
}
