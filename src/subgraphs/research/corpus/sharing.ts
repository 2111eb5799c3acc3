/**
 * Sharing into the corpus: a practitioner's request, the patient's EIP-712 signature (purpose HRESEARCH,
 * nonce, expiry), the Safe Harbor copies, one ResearchShared ledger entry per share and a reward per record
 * shared for the first time (helper tokens/reward.ts, idempotent per `share:<recordId>`) that someone other
 * than the patient wrote.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { canonicalBytes } from '../../../core/canonical-json.ts'
import { recoverSigner, typedDataDigest } from '../../../core/consent/index.ts'
import type { TypedDataRequest } from '../../../core/consent/index.ts'
import { deidentifyResource, identifyingStrings, MAX_SHARE_RECORDS, newPseudonym, parseShareTypedData, quasiIdentifiers, RESEARCH_PURPOSE, shareTypedData } from '../../../core/deid/index.ts'
import type { ResearchShareTypedData } from '../../../core/deid/index.ts'
import { makeError } from '../../../core/errors.ts'
import { resourceMetadata } from '../../../core/fhir/metadata.ts'
import { toHex } from '../../../core/hex.ts'
import { SupplyLimitError } from '../../../core/tokens/index.ts'
import { uuid } from '../../../core/ids.ts'
import type { DataDir } from '../../../spine/data-dir.ts'
import { actorOf } from '../../context.ts'
import type { Services, SubgraphContext } from '../../context.ts'
import { signatureExpiry, signatureNonce, signingRequest, assertSignatureWindow } from '../../signature-window.ts'
import { patientWallet } from '../../consent/patient-wallet.ts'
import { patientOf, practitionerOf } from './access.ts'
import { researchK, researchReward } from './config.ts'
import type { ShareRequestRow, ShareRow } from './corpus-store.ts'
import { corpusStore } from './model.ts'
import type { MutationResolvers, QueryResolvers } from '../resolvers-types.generated.ts'
import { creditReward } from '../economy/tokens/reward.ts'
import { RESOURCE_TYPE } from '../../../core/fhir/grammar.ts'
import { requireDataDir } from '../../data-dir.ts'


export const sharingQueries: Pick<QueryResolvers, 'myResearchShareRequests' | 'researchShareToSign' | 'myResearchShares'> = {
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a patient) */
  myResearchShareRequests: (_p, _a, ctx) => corpusStore(ctx).requestsOf(patientOf(ctx)),
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a patient); NOT_FOUND (no such request of theirs); CONFLICT (not open); BAD_INPUT (records outside the request, none, too many, validForSeconds) */
  researchShareToSign: (_p, { requestId, occupation, recordIds, validForSeconds }, ctx) => {
    const request = ownRequest(ctx, requestId)
    const allowed = allowedRecords(dataOf(ctx.services), request)
    const records = recordIds ?? allowed
    if (!records.every((r) => allowed.includes(r))) throw makeError('a record is not part of the request', 'BAD_INPUT')
    if (records.length === 0 || records.length > MAX_SHARE_RECORDS || new Set(records).size !== records.length) {
      throw makeError(`share 1 to ${MAX_SHARE_RECORDS} distinct records`, 'BAD_INPUT')
    }
    const typedData = shareTypedData({ requestId, patient: request.patientId, records, purpose: RESEARCH_PURPOSE, occupation, nonce: signatureNonce(ctx), expiry: signatureExpiry(ctx, validForSeconds) })
    return signingRequest(typedData)
  },
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a patient) */
  myResearchShares: (_p, _a, ctx) => corpusStore(ctx).sharesOf(patientOf(ctx))
}

export const sharingMutations: Pick<MutationResolvers, 'requestResearchShare' | 'declineResearchShare' | 'shareForResearch'> = {
  /**
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a practitioner, or one who wrote none of the patient's
   *   records); NOT_FOUND (unregistered patient, or a
   *   record that is not theirs); BAD_INPUT (nothing named, a malformed category, too many records)
   */
  requestResearchShare: (_p, { patientId, recordIds, categories }, ctx) => {
    const practitionerId = practitionerOf(ctx)
    patientWallet(ctx.services, patientId)
    const index = dataOf(ctx.services).index
    // "After treatment": only a doctor who wrote one of the patient's records may ask.
    const actor = actorOf(ctx.viewer)
    if (!index.byPatient(patientId, { latestOnly: false }).some((r) => r.actor === actor)) throw makeError('only a doctor who treated the patient may ask them to share', 'FORBIDDEN')
    const ids = [...new Set(recordIds ?? [])]
    const types = [...new Set(categories ?? [])]
    if (ids.length + types.length === 0) throw makeError('name records or categories to share', 'BAD_INPUT')
    if (ids.length > MAX_SHARE_RECORDS || types.length > 50) throw makeError('too many records or categories', 'BAD_INPUT')
    if (!types.every((t) => RESOURCE_TYPE.test(t))) throw makeError('a category is a FHIR resource type', 'BAD_INPUT')
    for (const id of ids) if (index.record(id)?.patientId !== patientId) throw makeError('no such record of this patient', 'NOT_FOUND')
    const row: ShareRequestRow = { id: uuid(ctx.services.rng), patientId, practitionerId, recordIds: ids, categories: types, status: 'OPEN', createdAt: ctx.services.clock.now() }
    corpusStore(ctx).addRequest(row)
    return row
  },
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN; NOT_FOUND; CONFLICT (not open) */
  declineResearchShare: (_p, { requestId }, ctx) => {
    const request = ownRequest(ctx, requestId, 'DECLINED')
    corpusStore(ctx).setRequestStatus(requestId, 'DECLINED')
    return { ...request, status: 'DECLINED' }
  },
  /**
   * Verifies the patient's signature and writes the share.
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (another patient or wallet); NOT_FOUND (request or record);
   *   CONFLICT (request not open, nonce replayed); BAD_INPUT (malformed, expired, records outside the request)
   */
  shareForResearch: async (_p, { typedData, signature }, ctx) => {
    const request = parseShareTypedData(typedData)
    const m = request.message
    if (patientOf(ctx) !== m.patient) throw makeError('only the patient shares their records', 'FORBIDDEN')
    const shareRequest = ownRequest(ctx, m.requestId, 'SHARED')
    assertSignatureWindow(ctx, m.expiry)
    const signer = recoverSigner(request as unknown as TypedDataRequest, signature)
    if (signer !== patientWallet(ctx.services, m.patient)) throw makeError('not signed by the patient\'s wallet', 'FORBIDDEN')
    const store = corpusStore(ctx)
    if (store.nonceSpent(signer, m.nonce)) throw makeError('signature nonce already used', 'CONFLICT', { reason: 'REPLAYED' })
    const data = dataOf(ctx.services)
    const allowed = allowedRecords(data, shareRequest)
    if (!m.records.every((r) => allowed.includes(r))) throw makeError('a record is not part of the request', 'BAD_INPUT')
    return writeShare(ctx, { request, signature, signer, data })
  }
}

async function writeShare (ctx: SubgraphContext, input: { request: ResearchShareTypedData, signature: string, signer: string, data: DataDir }): Promise<ShareRow> {
  const { request, signature, signer, data } = input
  const m = request.message
  const services = ctx.services
  const records = await Promise.all(m.records.map(async (id) => data.spine.read(id)))
  if (records.some((r) => r.row.patientId !== m.patient)) throw makeError('no such record of this patient', 'NOT_FOUND')
  const patientRow = data.index.byPatient(m.patient, { resourceType: 'Patient', limit: 1 })[0]
  const patient = patientRow === undefined ? undefined : (await data.spine.read(patientRow.recordId)).resource
  const extra = [m.patient, signer, ...(ctx.viewer.kind === 'account' ? [ctx.viewer.accountId] : [])]
  const known = identifyingStrings(patient, records.map((r) => r.resource), extra)
  const store = corpusStore(ctx)
  const pseudonym = store.pseudonymOf(m.patient) ?? newPseudonym(services.rng)
  const now = services.clock.now()
  const qi = quasiIdentifiers(patient, new Date(now).getUTCFullYear(), m.occupation)
  const copies = records.map(({ row, resource }) => {
    const copy = deidentifyResource(resource, { pseudonym, known })
    return { recordId: row.recordId, resourceType: copy.resourceType, codes: resourceMetadata(copy).codes, resource: copy }
  })
  // The entry commits to the copies with a salted hash: verifiable by whoever holds the salt (the store), yet
  // no one can link the signer to corpus records by hashing candidate copies.
  const salt = services.rng.bytes(32)
  const copiesHash = toHex(sha256(new Uint8Array([...salt, ...canonicalBytes(copies.map((c) => c.resource))])))
  const shareId = uuid(services.rng)
  const digest = typedDataDigest(request as unknown as TypedDataRequest)
  // Spend the nonce before the entry is appended: a concurrent replay fails here, never after the ledger.
  store.spendNonce(signer, m.nonce)
  const [entryIndex] = await data.ledger.append([{
    type: 'ResearchShared', time: now, shareId, digest, signature, signer, purpose: RESEARCH_PURPOSE, records: copies.length, copiesHash, actor: actorOf(ctx.viewer)
  }])
  const share: ShareRow = { id: shareId, requestId: m.requestId, patientId: m.patient, pseudonym, records: copies.length, rewarded: 0, entryIndex: entryIndex!, sharedAt: now }
  // The copies wait until a batch of at least k people is released (see corpus-store.ts): released now only
  // when this share completes one.
  const releasedAt = store.writeShare({ share, qi, copies }, researchK())
  if (releasedAt !== undefined) share.releasedAt = releasedAt
  // Rewards after the share is durable: crediting is idempotent per record, so a failure here is repaired by
  // the next share of the same records.
  const amount = researchReward()
  if (amount > 0) {
    for (const c of copies) {
      // Only records a clinician or hospital wrote earn: a patient could otherwise write records to farm
      // rewards. The first version decides, so a claim's reseal or a patient's amendment does not change it.
      if (!writtenBySomeoneElse(data, c.recordId, ctx)) continue
      let credited: boolean
      try {
        ({ credited } = await creditReward(services, { account: `patient:${m.patient}`, amount, reason: 'research-share', ref: `share:${c.recordId}` }))
      } catch (err) {
        // The supply is exhausted: the share stands (it is in the ledger) and reports what it earned so far,
        // instead of failing after the fact and leaving the client to retry a spent nonce.
        if (err instanceof SupplyLimitError) break
        throw err
      }
      if (credited) share.rewarded += amount
    }
    store.setRewarded(shareId, share.rewarded)
  }
  return share
}

/** True when the first version of `recordId` was written by someone other than the signed-in patient. */
function writtenBySomeoneElse (data: DataDir, recordId: string, ctx: SubgraphContext): boolean {
  const first = data.index.versions(recordId)[0]
  return first !== undefined && first.actor !== actorOf(ctx.viewer)
}

/**
 * The request `requestId` of the signed-in patient, still open. When it is not, and it is already in the state
 * the caller is heading for (`goal`: SHARED for a share, DECLINED for a decline), nothing is left to do: the
 * CONFLICT carries reason ALREADY_DONE; otherwise it is a plain refusal.
 * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN; NOT_FOUND; CONFLICT
 */
function ownRequest (ctx: SubgraphContext, requestId: string, goal?: 'SHARED' | 'DECLINED'): ShareRequestRow {
  const patientId = patientOf(ctx)
  const request = corpusStore(ctx).request(requestId)
  if (request === undefined || request.patientId !== patientId) throw makeError('no such share request', 'NOT_FOUND')
  if (request.status !== 'OPEN') throw makeError('the share request is no longer open', 'CONFLICT', request.status === goal ? { reason: 'ALREADY_DONE' } : {})
  return request
}

/** The record ids a request covers now: its named records and every latest record of its categories. */
function allowedRecords (data: DataDir, request: ShareRequestRow): string[] {
  const ids = new Set(request.recordIds.filter((id) => data.index.record(id)?.patientId === request.patientId))
  for (const type of request.categories) for (const row of data.index.byPatient(request.patientId, { resourceType: type })) ids.add(row.recordId)
  return [...ids]
}

/**
 * The data folder (records are read and the ledger appended where it is open).
 * @throws Error (masked) when this process does not own the data folder
 */
export function dataOf (services: Services): DataDir {
  return requireDataDir(services, 'research shares')
}
