import { grantOf, parseTypedData, recoverSigner } from '../../core/consent/index.ts'
import { assertSignatureWindow } from '../signature-window.ts'
import type { ConsentGranted, ConsentRevoked, TypedDataRequest } from '../../core/consent/index.ts'
import { canonicalJson } from '../../core/canonical-json.ts'
import { makeError } from '../../core/errors.ts'
import type { SubgraphContext } from '../context.ts'
import { appendConsentEntries } from './ledger-append.ts'
import { patientWallet } from './patient-wallet.ts'
import type { MutationResolvers } from './resolvers-types.generated.ts'
import { consentStore } from './store.ts'

export const Mutation: MutationResolvers = {
  /**
   * Verifies the patient's EIP-712 signature on a Grant, spends its nonce, stores the grant (consent.db) and
   * appends a ConsentGranted entry { grantId, patient, typedData, signature, signer } to the ledger.
   * @throws MedledgerError UNAUTHENTICATED; BAD_INPUT for malformed typed data or signature, or an expired
   *   one; FORBIDDEN when the signer is not the patient's wallet; NOT_FOUND for an unregistered patient;
   *   CONFLICT for a replayed nonce or an existing grant id; Error where the data folder is not open
   */
  grantConsent: async (_p, { typedData, signature }, ctx) => {
    const request = parseTypedData(typedData, 'Grant')
    const signer = verify(ctx, request, request.message.patient, signature)
    const grant = grantOf(request.message)
    const store = consentStore(ctx.services)
    if (await store.grant(grant.id) !== undefined) throw makeError('a grant with this id exists', 'CONFLICT', { reason: 'REPLAYED' })
    const time = ctx.services.clock.now()
    const json = canonicalJson(request)
    // The nonce is spent and the grant stored before the ledger append, so a replay never reaches the ledger.
    await store.insertGrant({ grant, typedData: json, signature, signer, grantedAt: time, entryIndex: -1 }, request.message.nonce)
    let entryIndex: number
    try {
      [entryIndex] = await appendConsentEntries(ctx.services, [{ type: 'ConsentGranted', grantId: grant.id, patient: grant.patientId, typedData: json, signature, signer, time } satisfies ConsentGranted]) as [number]
    } catch (err) {
      await store.deleteGrant(grant.id)
      throw err
    }
    await store.setEntryIndex(grant.id, entryIndex)
    return { grant, typedData: json, signature, signer, grantedAt: time, entryIndex }
  },

  /**
   * Verifies the patient's EIP-712 signature on a Revocation, marks the grant revoked (effective on the next
   * request: decisions are never cached across requests) and appends a ConsentRevoked entry.
   * @throws MedledgerError UNAUTHENTICATED; BAD_INPUT (malformed or expired); FORBIDDEN (not the patient's
   *   wallet, or a grant of another patient); NOT_FOUND (unknown grant); CONFLICT (replayed nonce, already revoked)
   */
  revokeGrant: async (_p, { typedData, signature }, ctx) => {
    const request = parseTypedData(typedData, 'Revocation')
    const signer = verify(ctx, request, request.message.patient, signature)
    const store = consentStore(ctx.services)
    const existing = await store.grant(request.message.grantId)
    if (existing === undefined) throw makeError('no such grant', 'NOT_FOUND')
    if (existing.grant.patientId !== request.message.patient) throw makeError('not this patient\'s grant', 'FORBIDDEN')
    const time = ctx.services.clock.now()
    const row = await store.revoke(request.message.grantId, signer, request.message.nonce, time)
    await appendConsentEntries(ctx.services, [{ type: 'ConsentRevoked', grantId: row.grant.id, patient: row.grant.patientId, typedData: canonicalJson(request), signature, signer, time } satisfies ConsentRevoked])
    return row
  }
}

/** The signer, once it is shown to be the patient's wallet and the request not expired. */
function verify (ctx: SubgraphContext, request: TypedDataRequest, patientId: string, signature: string): string {
  if (ctx.viewer.kind === 'anonymous') throw makeError('sign in to manage consent', 'UNAUTHENTICATED')
  assertSignatureWindow(ctx, request.message.expiry)
  const wallet = patientWallet(ctx.services, patientId)
  const signer = recoverSigner(request, signature)
  if (signer !== wallet) throw makeError('not signed by the patient\'s wallet', 'FORBIDDEN')
  return signer
}
