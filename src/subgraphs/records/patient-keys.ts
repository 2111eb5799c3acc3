/** A patient's public key, which every record's data key is wrapped to, read from identity's store. */
import { fromHex } from '../../core/hex.ts'
import type { Services } from '../context.ts'
import { identityRow } from '../identity-read.ts'
import type { PatientKeyRef } from '../../spine/record-spine.ts'

/**
 * The registered patient `patientId` with their secp256k1 public key (compressed or not; `0x` hex or bare hex
 * in the store).
 * @throws MedledgerError NOT_FOUND when no such patient is registered (or identity has no store yet);
 *   Error (masked as an internal error) when the stored key is not a secp256k1 public key
 */
export function patientKey (services: Services, patientId: string): PatientKeyRef {
  const row = identityRow(services, 'SELECT public_key FROM patients WHERE id = ?', patientId)
  let publicKey: Uint8Array | undefined
  try {
    publicKey = fromHex(String(row.public_key).replace(/^0x/i, ''))
  } catch { /* reported below */ }
  if (publicKey === undefined || !(publicKey.length === 33 || publicKey.length === 65)) {
    throw new Error('identity.db holds a malformed patient public key')
  }
  return { id: patientId, publicKey }
}
