/** Signature checks of the emergency subgraph's EIP-712 actions (nonce, deadline and digest: ../signature-window.ts). */
import { recoverSigner } from '../../core/consent/index.ts'
import { assertSignatureWindow } from '../signature-window.ts'
import type { TypedDataRequest } from '../../core/consent/index.ts'
import type { EmergencyTypedData } from '../../core/emergency/index.ts'
import { makeError } from '../../core/errors.ts'
import type { SubgraphContext } from '../context.ts'
import { patientWallet } from '../consent/patient-wallet.ts'

/**
 * The signer of `typedData`, once shown to be the wallet of registered person `personId` and not expired.
 * @throws MedledgerError BAD_INPUT (bad signature or expired); FORBIDDEN (another wallet); NOT_FOUND (unregistered)
 */
export function verifySigner (ctx: SubgraphContext, typedData: EmergencyTypedData<{ expiry: number }>, personId: string, signature: string): string {
  assertSignatureWindow(ctx, typedData.message.expiry)
  const signer = recoverSigner(typedData as unknown as TypedDataRequest, signature)
  if (signer !== patientWallet(ctx.services, personId)) throw makeError('not signed by this person\'s wallet', 'FORBIDDEN')
  return signer
}

/**
 * The signed-in person's unique person id.
 * @throws MedledgerError UNAUTHENTICATED (anonymous); FORBIDDEN (not a registered person)
 */
export function personOf (ctx: SubgraphContext): string {
  if (ctx.viewer.kind === 'anonymous') throw makeError('sign in first', 'UNAUTHENTICATED')
  if (ctx.viewer.kind !== 'account' || ctx.viewer.patientId === undefined) throw makeError('only a registered person may do this', 'FORBIDDEN')
  return ctx.viewer.patientId
}
