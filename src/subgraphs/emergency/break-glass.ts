/**
 * Break-glass: when contacts cannot form a contract (core/emergency/break-glass.ts), practitioners of the
 * requesting doctor's hospital sign EIP-712 `EmergencyBreakGlass` typed data with their wallets; at two distinct
 * signers the contract forms for the requesting doctor, with every signature in the ledger, flagged for review.
 */
import { getAddress } from 'ethers'
import { canonicalJson } from '../../core/canonical-json.ts'
import { recoverSigner } from '../../core/consent/index.ts'
import type { TypedDataRequest } from '../../core/consent/index.ts'
import { BREAK_GLASS_SIGNERS, breakGlassAllowed, breakGlassTypedData, hasBreakGlassTenure, parseEmergencyTypedData } from '../../core/emergency/index.ts'
import { makeError } from '../../core/errors.ts'
import type { SubgraphContext } from '../context.ts'
import { identityRow } from '../identity-read.ts'
import type { EmergencyRequestRow } from './aid-store.ts'
import { eligibleContacts, formContract } from './contract.ts'
import type { MutationResolvers, QueryResolvers } from './resolvers-types.generated.ts'
import { signatureExpiry, signatureNonce, signingRequest, assertSignatureWindow } from '../signature-window.ts'
import { emergencyStore } from './store-of.ts'
import { breakGlassTenureMs } from './config.ts'
import { trustedPractitioner } from '../trust.ts'

/**
 * The caller's practitioner id, once shown to be a practitioner of the requesting doctor's (verified) hospital
 * for at least the break-glass tenure, and break-glass allowed.
 * @throws MedledgerError UNAUTHENTICATED; NOT_FOUND (unknown request); FORBIDDEN (not a practitioner of that
 *   verified hospital, not long enough, or contacts may still confirm); CONFLICT (the request is not open)
 */
async function mayBreakGlass (ctx: SubgraphContext, requestId: string): Promise<{ practitionerId: string, request: EmergencyRequestRow }> {
  const caller = trustedPractitioner(ctx.viewer, 'breaks the glass')
  const request = await emergencyStore(ctx).aid.request(requestId)
  if (request === undefined) throw makeError('no such emergency request', 'NOT_FOUND')
  const org = String(identityRow(ctx.services, 'SELECT organization_id FROM practitioners WHERE id = ?', request.practitionerId).organization_id)
  if (caller.organizationId !== org) throw makeError('only practitioners of the requesting hospital break the glass', 'FORBIDDEN')
  const now = ctx.services.clock.now()
  const tenureMs = breakGlassTenureMs()
  if (!hasBreakGlassTenure({ since: caller.since, now, tenureMs })) {
    throw makeError(`only practitioners who have held the role for ${tenureMs / 3_600_000} hours break the glass`, 'FORBIDDEN', { reason: 'TENURE' })
  }
  if (request.status !== 'OPEN') throw makeError('the request is not open', 'CONFLICT')
  const { ids, threshold } = await eligibleContacts(ctx, request.patientId)
  if (!breakGlassAllowed({ acceptedContacts: ids.length, threshold, openedAt: request.openedAt, now })) {
    throw makeError('contacts can still confirm: break-glass opens 15 minutes after the request', 'FORBIDDEN')
  }
  return { practitionerId: caller.practitionerId, request }
}

export const breakGlassQueries: Pick<QueryResolvers, 'breakGlassToSign'> = {
  /** @throws see mayBreakGlass; BAD_INPUT (validForSeconds) */
  breakGlassToSign: async (_p, { requestId, validForSeconds }, ctx) => {
    const { practitionerId, request } = await mayBreakGlass(ctx, requestId)
    return signingRequest(breakGlassTypedData({ requestId, patient: request.patientId, practitioner: practitionerId, nonce: signatureNonce(ctx), expiry: signatureExpiry(ctx, validForSeconds) }))
  }
}

export const breakGlassMutations: Pick<MutationResolvers, 'breakGlass'> = {
  /**
   * Stores the caller's signature; at two distinct practitioners the contract forms (flagged for review).
   * @throws see mayBreakGlass; BAD_INPUT (malformed, expired, another request's patient); FORBIDDEN (not the
   *   caller's wallet or practitioner id); CONFLICT (replayed nonce, signed already)
   */
  breakGlass: async (_p, { typedData, signature }, ctx) => {
    const request = parseEmergencyTypedData(typedData, 'EmergencyBreakGlass')
    const m = request.message
    const { practitionerId, request: row } = await mayBreakGlass(ctx, m.requestId)
    if (m.practitioner !== practitionerId || ctx.viewer.kind !== 'account') throw makeError('a practitioner signs only for themself', 'FORBIDDEN')
    if (m.patient !== row.patientId) throw makeError('the signature names another patient', 'BAD_INPUT')
    assertSignatureWindow(ctx, m.expiry)
    const signer = recoverSigner(request as unknown as TypedDataRequest, signature)
    if (signer !== getAddress(ctx.viewer.address)) throw makeError('not signed by the caller\'s wallet', 'FORBIDDEN')
    const aid = emergencyStore(ctx).aid
    await aid.addBreakGlass({ requestId: row.id, practitionerId, typedData: canonicalJson(request), signature, signer, time: ctx.services.clock.now() }, m.nonce)
    const signed = await aid.breakGlass(row.id)
    if (signed.length >= BREAK_GLASS_SIGNERS && await aid.contract({ requestId: row.id }) === undefined) {
      await formContract(ctx, {
        requestId: row.id, patientId: row.patientId, practitionerId: row.practitionerId, grantee: { kind: 'practitioner', id: row.practitionerId },
        evidence: { request: { ...row }, breakGlassSignatures: signed.map((s) => ({ practitioner: s.practitionerId, typedData: s.typedData, signature: s.signature, signer: s.signer })) },
        breakGlass: true
      })
    }
    return (await aid.request(row.id))!
  }
}
