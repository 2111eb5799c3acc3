/**
 * Aid contracts: formed when M distinct accepted contacts confirmed a request, as a consent grant (ETREAT,
 * emergency categories, the time box) in consent.db plus an `AidContractFormed` ledger entry holding the
 * request and every signature; closing revokes the grant and appends `AidContractClosed`.
 */
import { canonicalJson } from '../../core/canonical-json.ts'
import { EMERGENCY_RESOURCE_TYPES, aidProvision, thresholdMet, timeBox } from '../../core/emergency/index.ts'
import type { Grant, Grantee } from '../../core/consent/index.ts'
import { makeError } from '../../core/errors.ts'
import { uuid } from '../../core/ids.ts'
import type { SubgraphContext } from '../context.ts'
import { appendConsentEntries } from '../consent/ledger-append.ts'
import { consentStore } from '../consent/store.ts'
import type { AidContractRow, EmergencyRequestRow, NotificationRow } from '../../ports/emergency-store.ts'
import { emergencyStore, webhookDelivery } from './store-of.ts'

/** The signer name of grants made by aid contracts (no wallet signs them: the contacts' signatures do). */
export const AID_SIGNER = 'medledger:emergency'

const forming = new Set<string>()

/** The accepted contacts of a patient and their M. */
export async function eligibleContacts (ctx: SubgraphContext, patientId: string): Promise<{ ids: string[], threshold: number }> {
  const s = (await emergencyStore(ctx).contactsOf([patientId])).get(patientId)!
  return { ids: s.contacts.filter((c) => c.status === 'ACCEPTED').map((c) => c.personId), threshold: s.threshold }
}

/**
 * Forms the contract of an OPEN request whose confirmations reach M (idempotent: also completes a formation a
 * crash interrupted, as the confirmations are durable). Returns the contract, if any.
 * @throws Error where the data folder is not open; whatever the ledger append throws (nothing kept then)
 */
export async function ensureContract (ctx: SubgraphContext, request: EmergencyRequestRow): Promise<AidContractRow | undefined> {
  const aid = emergencyStore(ctx).aid
  const existing = await aid.contract({ requestId: request.id })
  if (existing !== undefined || request.status !== 'OPEN' || forming.has(request.id)) return existing
  const responses = await aid.responses(request.id)
  const { ids, threshold } = await eligibleContacts(ctx, request.patientId)
  if (!thresholdMet(responses.map((r) => ({ contactId: r.contactId, decision: r.decision })), ids, threshold)) return undefined
  const signed = responses.map((r) => ({ contact: r.contactId, typedData: r.typedData, signature: r.signature }))
  return formContract(ctx, {
    requestId: request.id, patientId: request.patientId, practitionerId: request.practitionerId,
    grantee: { kind: 'practitioner', id: request.practitionerId }, evidence: { request: { ...request }, responses: signed }
  })
}

/** What a contract is formed from. */
export interface ContractInput {
  requestId: string
  patientId: string
  /** The practitioner who acts under it (the requesting or the accepting doctor). */
  practitionerId: string
  /** Who the grant names: that practitioner, or the accepting hospital. */
  grantee: Grantee
  /** Kept in the ledger entry: the request and every signature or acceptance. */
  evidence: Record<string, unknown>
  /** Formed by break-glass: flagged for review. */
  breakGlass?: boolean
}

/**
 * Forms a contract: the consent grant (the time box from now), the `AidContractFormed` ledger entry, the row.
 * One formation per request at a time; a request that has a contract keeps it.
 * @throws MedledgerError CONFLICT while the request's contract is being formed; Error where the data folder is
 *   not open; whatever the ledger append throws (the grant is removed then)
 */
export async function formContract (ctx: SubgraphContext, input: ContractInput): Promise<AidContractRow> {
  const existing = await emergencyStore(ctx).aid.contract({ requestId: input.requestId })
  if (existing !== undefined) return existing
  if (forming.has(input.requestId)) throw makeError('the aid contract is being formed', 'CONFLICT')
  forming.add(input.requestId)
  try {
    return await form(ctx, input)
  } finally {
    forming.delete(input.requestId)
  }
}

async function form (ctx: SubgraphContext, input: ContractInput): Promise<AidContractRow> {
  const now = ctx.services.clock.now()
  const period = timeBox(now)
  const id = uuid(ctx.services.rng)
  const grant: Grant = { id: uuid(ctx.services.rng), patientId: input.patientId, provision: aidProvision(input.grantee, period) }
  const body = canonicalJson({ contract: id, ...input.evidence })
  const grants = consentStore(ctx.services)
  await grants.insertGrant({ grant, typedData: body, signature: '', signer: AID_SIGNER, grantedAt: now, entryIndex: -1 }, `aid:${id}`)
  let entryIndex: number
  try {
    [entryIndex] = await appendConsentEntries(ctx.services, [{
      type: 'AidContractFormed', contractId: id, requestId: input.requestId, patient: input.patientId, practitioner: input.practitionerId,
      grantee: input.grantee, grantId: grant.id, start: period.start, end: period.end, ...input.evidence, breakGlass: input.breakGlass === true, time: now
    }]) as [number]
  } catch (err) {
    await grants.deleteGrant(grant.id)
    throw err
  }
  await grants.setEntryIndex(grant.id, entryIndex)
  const row: AidContractRow = { id, requestId: input.requestId, patientId: input.patientId, grantId: grant.id, practitionerId: input.practitionerId, ...period, entryIndex, resourceTypes: [...EMERGENCY_RESOURCE_TYPES], breakGlass: input.breakGlass === true }
  await emergencyStore(ctx).aid.addContract(row, input.breakGlass === true ? await breakGlassNotices(ctx, row, now) : [])
  if (input.breakGlass === true) void webhookDelivery(ctx).runOnce()
  return row
}

/**
 * Break-glass is told at once, not after review: a notice to the patient and to each accepted contact (inbox and
 * webhook), naming the contract — who broke the glass and until when are read from it in the app.
 */
async function breakGlassNotices (ctx: SubgraphContext, row: AidContractRow, now: number): Promise<NotificationRow[]> {
  const store = emergencyStore(ctx)
  const recipients = [row.patientId, ...(await eligibleContacts(ctx, row.patientId)).ids]
  const urls = await store.webhooks.urlsOf(recipients)
  return recipients.map((personId) => ({
    id: uuid(ctx.services.rng), requestId: row.requestId, contactId: personId, time: now, kind: 'BREAK_GLASS' as const, contractId: row.id,
    ...(urls.has(personId) ? { webhookUrl: urls.get(personId)! } : {})
  }))
}

/**
 * The doctor of the contract or the patient closes it: the grant is revoked, `AidContractClosed` appended.
 * @throws MedledgerError UNAUTHENTICATED; NOT_FOUND (unknown, or not the caller's); CONFLICT (already closed)
 */
export async function closeContract (ctx: SubgraphContext, id: string): Promise<AidContractRow> {
  if (ctx.viewer.kind === 'anonymous') throw makeError('sign in first', 'UNAUTHENTICATED')
  const aid = emergencyStore(ctx).aid
  const row = await aid.contract({ id })
  const v = ctx.viewer
  if (row === undefined || v.kind !== 'account' || (v.patientId !== row.patientId && v.practitionerId !== row.practitionerId)) throw makeError('no such aid contract', 'NOT_FOUND')
  if (row.closedAt !== undefined) throw makeError('the aid contract is closed already', 'CONFLICT', { reason: 'ALREADY_DONE' })
  const now = ctx.services.clock.now()
  await consentStore(ctx.services).revoke(row.grantId, AID_SIGNER, `close:${id}`, now)
  await appendConsentEntries(ctx.services, [{ type: 'AidContractClosed', contractId: id, grantId: row.grantId, patient: row.patientId, closedBy: v.accountId, time: now }])
  await aid.closeContract(id, now)
  return { ...row, closedAt: now }
}
