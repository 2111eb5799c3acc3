import { fromHex } from '../../core/hex.ts'
import { makeError } from '../../core/errors.ts'
import { resealClaimedPatient } from '../../import/claim.ts'
import type { SubgraphContext } from '../context.ts'
import { requireAccount } from './access.ts'
import { claimCodeHash, custodialKeysOf, custodialPatients, newClaimCode } from './custodial.ts'
import type { PatientRow } from './rows.ts'
import { identityStore } from './store.ts'

type Ctx = Pick<SubgraphContext, 'viewer' | 'services'>

/**
 * A hospital admin issues a one-time claim code for a custodial patient of their organization; only its
 * SHA-256 is stored, and a new code replaces the previous one.
 * @throws MedledgerError UNAUTHENTICATED / FORBIDDEN as requireAccount; NOT_FOUND unless the patient is a
 *   custodial patient of an organization the caller administers; CONFLICT when already claimed
 */
export function issuePatientClaimCode (ctx: Ctx, patientId: string): string {
  const viewer = requireAccount(ctx.viewer)
  const custodial = custodialPatients(ctx.services)
  const row = custodial.byId(patientId)
  if (row === undefined || !identityStore(ctx.services).isOrganizationAdmin(row.organizationId, viewer.accountId)) throw makeError('no such custodial patient', 'NOT_FOUND')
  const { code, hash } = newClaimCode(ctx.services.rng)
  custodial.setClaimCode(patientId, hash)
  return code
}

/**
 * The signed-in account claims the custodial patient of `code`: it becomes that registered patient (same
 * person ID) with the account's wallet key. Where this process owns the data folder, the patient's records
 * are resealed to the wallet key at once (new versions; see src/import/claim.ts); elsewhere the claim is
 * recorded and the reseal is left to the records process (`resealClaimedPatient`).
 * @throws MedledgerError UNAUTHENTICATED / FORBIDDEN as requireAccount; NOT_FOUND for an unknown or used
 *   code; CONFLICT when the account already is a patient
 */
export async function claimPatient (ctx: Ctx, code: string): Promise<PatientRow> {
  const viewer = requireAccount(ctx.viewer)
  const row = custodialPatients(ctx.services).claim({ codeHash: claimCodeHash(code), accountId: viewer.accountId, now: ctx.services.clock.now() })
  const data = ctx.services.data
  if (data !== undefined) {
    const walletKey = fromHex(row.publicKey.replace(/^0x/i, ''))
    await resealClaimedPatient({ spine: data.spine, index: data.index, bodies: data.bodies, custodial: custodialKeysOf(ctx.services) }, row.id, walletKey, `account:${viewer.accountId}`)
  }
  return row
}
