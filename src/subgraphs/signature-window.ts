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

/** Clock skew allowed between this server and the one that built a signing request (seconds). */
const SKEW_SECONDS = 60

/**
 * Checks the deadline of a signature submitted back: not passed, and not further out than a signing request of
 * this server could have set (now + {@link MAX_VALID_SECONDS}) — the bound holds on what is submitted, not only on
 * what the server built, so a client cannot sign typed data that stays good for years.
 * @throws MedledgerError BAD_INPUT for an expired deadline or one beyond the window
 */
export function assertSignatureWindow (ctx: Pick<SubgraphContext, 'services'>, expirySeconds: number): void {
  const now = ctx.services.clock.now()
  if (expirySeconds * 1000 <= now) throw makeError('the signature has expired', 'BAD_INPUT')
  if (expirySeconds > Math.floor(now / 1000) + MAX_VALID_SECONDS + SKEW_SECONDS) throw makeError(`the signature's expiry is more than ${MAX_VALID_SECONDS} seconds away`, 'BAD_INPUT')
}

/** A signing request as the GraphQL types that carry one (EmergencySigningRequest, TokenSigningRequest, …) map it. */
export interface SigningRequestOut { typedData: unknown, digest: string }

/** What a client signs (`eth_signTypedData_v4`) with its EIP-712 digest, so wallets and tests can check it. */
export function signingRequest<T extends object> (typedData: T): { typedData: T, digest: string } {
  return { typedData, digest: typedDataDigest(typedData as unknown as TypedDataRequest) }
}
