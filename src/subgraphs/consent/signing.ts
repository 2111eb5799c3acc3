import { grantFromFhir, grantTypedData, namedGrantees, revocationTypedData } from '../../core/consent/index.ts'
import type { GranteeVerification, Grant, TypedDataRequest } from '../../core/consent/index.ts'
import { granteeVerifications } from '../identity-read.ts'
import { makeError } from '../../core/errors.ts'
import { uuid } from '../../core/ids.ts'
import type { SubgraphContext } from '../context.ts'
import { signatureExpiry, signatureNonce, signingRequest } from '../signature-window.ts'
import { patientWallet } from './patient-wallet.ts'
import type { QueryResolvers } from './resolvers-types.generated.ts'
import { provisionOf } from './grant-input.ts'
import { consentStore } from './store.ts'


/** What a SigningRequest resolves to. */
export interface SigningRequestOut { typedData: TypedDataRequest, digest: string }

/**
 * The typed data to sign, for the patient themself only (a request names a fresh nonce and an expiry).
 * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN when the caller is not the patient; BAD_INPUT for a
 *   malformed grant or `validForSeconds` outside 1…86400; NOT_FOUND for an unregistered patient
 */
export const signingQueries: Pick<QueryResolvers, 'grantToSign' | 'importConsent' | 'revocationToSign'> = {
  grantToSign: (_p, { input, validForSeconds }, ctx) => {
    requirePatient(ctx, input.patientId)
    const grant: Grant = { id: uuid(ctx.services.rng), patientId: input.patientId, provision: provisionOf(input.provision) }
    return signingRequest(grantTypedData(grant, signatureNonce(ctx), signatureExpiry(ctx, validForSeconds), granteesShown(ctx, grant)))
  },
  importConsent: (_p, { fhir, validForSeconds }, ctx) => {
    const grant = grantFromFhir(fhir, { id: uuid(ctx.services.rng) })
    requirePatient(ctx, grant.patientId)
    return signingRequest(grantTypedData(grant, signatureNonce(ctx), signatureExpiry(ctx, validForSeconds), granteesShown(ctx, grant)))
  },
  revocationToSign: async (_p, { grantId, validForSeconds }, ctx) => {
    const row = await consentStore(ctx.services).grant(grantId)
    if (row === undefined || ctx.viewer.kind !== 'account' || ctx.viewer.patientId !== row.grant.patientId) {
      signedIn(ctx)
      throw makeError('only the patient revokes their grants', 'FORBIDDEN')
    }
    return signingRequest(revocationTypedData(grantId, row.grant.patientId, signatureNonce(ctx), signatureExpiry(ctx, validForSeconds)))
  }
}

/** The verification of every organization and practitioner the grant names, for the patient to see as they sign. */
function granteesShown (ctx: SubgraphContext, grant: Grant): GranteeVerification[] {
  return granteeVerifications(ctx.services, namedGrantees(grant.provision))
}

function signedIn (ctx: SubgraphContext): void {
  if (ctx.viewer.kind === 'anonymous') throw makeError('sign in to manage consent', 'UNAUTHENTICATED')
}

function requirePatient (ctx: SubgraphContext, patientId: string): void {
  signedIn(ctx)
  if (ctx.viewer.kind !== 'account' || ctx.viewer.patientId !== patientId) throw makeError('only the patient signs their grants', 'FORBIDDEN')
  patientWallet(ctx.services, patientId)
}

