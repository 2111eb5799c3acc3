/**
 * The anonymous peer relay. Each person gets a random relay handle (never derived from an id); a patient who
 * shared opts in to be contacted; anyone signed in finds opted-in peers who recovered from a condition (only
 * once at least k people have it) — each under a random alias for that condition, so a known handle cannot be
 * tested against other conditions' peer lists — and writes to them; the recipient replies to the sender's
 * handle. Messages name handles only, so neither side learns the other's patient or account id.
 */
import { codesOf, isRecovered, matchesCode } from '../../../core/deid/index.ts'
import { makeError } from '../../../core/errors.ts'
import { toHex } from '../../../core/hex.ts'
import { uuid } from '../../../core/ids.ts'
import type { SubgraphContext } from '../../context.ts'
import { patientOf } from './access.ts'
import { researchK } from './config.ts'
import type { RelayMessageRow } from './relay-store.ts'
import { corpusStore } from './model.ts'
import type { MutationResolvers, QueryResolvers, RelayMessageResolvers } from '../resolvers-types.generated.ts'
import { select } from './selection.ts'

/** Longest relay message, characters. */
export const MAX_MESSAGE = 2000
/** Most peer handles one query returns. */
export const MAX_PEERS = 20
/** Most messages one handle sends in a day (spam limit). */
export const MAX_MESSAGES_PER_DAY = 100
/** Most new conversations (first messages to peers who never wrote to the sender) one handle opens in a day. */
export const MAX_NEW_CONTACTS_PER_DAY = 10
const DAY_MS = 86_400_000

export const relayQueries: Pick<QueryResolvers, 'myRelayHandle' | 'recoveredPeers' | 'relayInbox'> = {
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a registered person) */
  myRelayHandle: (_p, _a, ctx) => handleOf(ctx),
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a registered person); BAD_INPUT (empty code) */
  recoveredPeers: (_p, { condition }, ctx) => {
    const own = handleOf(ctx)
    if (condition.length === 0 || condition.length > 300) throw makeError('condition is a code of 1 to 300 characters', 'BAD_INPUT')
    const store = corpusStore(ctx)
    const copies = select(store, { condition })
    if (new Set(copies.map((c) => c.pseudonym)).size < researchK()) return []
    const recovered = [...new Set(copies.filter((c) => c.resourceType === 'Condition' && matchesCode(codesOf(c.resource.code), condition) && isRecovered(c.resource)).map((c) => c.pseudonym))]
    // Peers appear under an alias for this condition, sorted by alias (the handles' order would link them).
    return store.relay.contactableHandles(recovered).filter((h) => h !== own)
      .map((h) => store.relay.aliasOf(h, condition, () => `h-${toHex(ctx.services.rng.bytes(12))}`)).sort().slice(0, MAX_PEERS)
  },
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a registered person) */
  relayInbox: (_p, _a, ctx) => corpusStore(ctx).relay.messagesOf(handleOf(ctx))
}

export const relayMutations: Pick<MutationResolvers, 'setPeerContact' | 'sendRelayMessage'> = {
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a person, or never shared when opting in) */
  setPeerContact: (_p, { optIn }, ctx) => {
    const patientId = patientOf(ctx)
    const store = corpusStore(ctx)
    if (optIn && store.person(patientId) === undefined) throw makeError('share records for research before offering to be contacted', 'FORBIDDEN')
    handleOf(ctx)
    store.relay.setPeerContact(patientId, optIn)
    return optIn
  },
  /**
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a person); NOT_FOUND (a handle that neither opted in
   *   nor wrote to the caller); BAD_INPUT (empty or long body); CONFLICT (reason RATE_LIMITED: over
   *   MAX_MESSAGES_PER_DAY, or a new conversation over MAX_NEW_CONTACTS_PER_DAY)
   */
  sendRelayMessage: (_p, { to, body }, ctx) => {
    const from = handleOf(ctx)
    const store = corpusStore(ctx)
    if (body.trim().length === 0 || body.length > MAX_MESSAGE) throw makeError(`a message is 1 to ${MAX_MESSAGE} characters`, 'BAD_INPUT')
    const reply = store.relay.wroteTo(to, from)
    if (store.relay.ownerOf(to) === from || !(store.relay.isContactable(to) || reply)) throw makeError('no such relay handle', 'NOT_FOUND')
    // Spam limits, checked after the recipient so that they reveal nothing about handles.
    const since = ctx.services.clock.now() - DAY_MS
    if (store.relay.sentSince(from, since) >= MAX_MESSAGES_PER_DAY) throw makeError(`at most ${MAX_MESSAGES_PER_DAY} relay messages a day`, 'CONFLICT', { reason: 'RATE_LIMITED' })
    if (!reply && !store.relay.wroteTo(from, to) && store.relay.openedSince(from, since) >= MAX_NEW_CONTACTS_PER_DAY) {
      throw makeError(`at most ${MAX_NEW_CONTACTS_PER_DAY} new relay conversations a day`, 'CONFLICT', { reason: 'RATE_LIMITED' })
    }
    const row: RelayMessageRow = { id: uuid(ctx.services.rng), from, to, body, sentAt: ctx.services.clock.now() }
    store.relay.addMessage(row)
    return row
  }
}

export const RelayMessage: RelayMessageResolvers = {
  sentAt: (m) => m.sentAt
}

/** The signed-in person's relay handle, made on first use. */
function handleOf (ctx: SubgraphContext): string {
  const patientId = patientOf(ctx)
  return corpusStore(ctx).relay.handleOf(patientId, () => `h-${toHex(ctx.services.rng.bytes(12))}`)
}
