/**
 * The nonce, deadline and digest every EIP-712 signing request of the subgraphs carries (consent grants, emergency
 * answers, research shares, donations, plan enrolments): the signer's message is good once and only until then.
 */
import { typedDataDigest } from '../core/consent/index.ts'
import type { TypedDataRequest } from '../core/consent/index.ts'
import { makeError } from '../core/errors.ts'
import { toHex } from '../core/hex.ts'
import type { SubgraphContext } from './context.ts'

/** How long a signing request stays valid when the caller does not say. */
export const DEFAULT_VALID_SECONDS = 600
/** The longest a signing request stays valid. */
export const MAX_VALID_SECONDS = 86_400

/** A fresh 128-bit nonce, hex. */
export function signatureNonce (ctx: Pick<SubgraphContext, 'services'>): string {
  return toHex(ctx.services.rng.bytes(16))
}

/**
 * The signature deadline `validForSeconds` (default 600) from now, seconds since epoch.
 * @throws MedledgerError BAD_INPUT outside 1…86400
 */
export function signatureExpiry (ctx: Pick<SubgraphContext, 'services'>, validForSeconds: number | null | undefined): number {
  const seconds = validForSeconds ?? DEFAULT_VALID_SECONDS
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_VALID_SECONDS) throw makeError(`validForSeconds must be between 1 and ${MAX_VALID_SECONDS}`, 'BAD_INPUT')
  return Math.floor(ctx.services.clock.now() / 1000) + seconds
}

/** A signing request as the GraphQL types that carry one (EmergencySigningRequest, TokenSigningRequest, …) map it. */
export interface SigningRequestOut { typedData: unknown, digest: string }

/** What a client signs (`eth_signTypedData_v4`) with its EIP-712 digest, so wallets and tests can check it. */
export function signingRequest<T extends object> (typedData: T): { typedData: T, digest: string } {
  return { typedData, digest: typedDataDigest(typedData as unknown as TypedDataRequest) }
}
