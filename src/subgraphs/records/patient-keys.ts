/**
 * The one place the records subgraph reads the identity subgraph's store: a patient's public key, which every
 * record's data key is wrapped to. This couples records to identity's table layout
 * (`identity.db`: `patients(id, account_id, public_key, registered_at)`) on purpose and read-only; when
 * identity grows a port for it (or a federated fetch), only this file changes.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { makeError } from '../../core/errors.ts'
import { fromHex } from '../../core/hex.ts'
import type { Services } from '../context.ts'
import type { PatientKeyRef } from '../../spine/record-spine.ts'

/**
 * The registered patient `patientId` with their secp256k1 public key (compressed or not; `0x` hex or bare hex
 * in the store).
 * @throws MedledgerError NOT_FOUND when no such patient is registered (or identity has no store yet);
 *   Error (masked as an internal error) when the stored key is not a secp256k1 public key
 */
export function patientKey (services: Services, patientId: string): PatientKeyRef {
  const file = join(services.dataDir, 'identity.db')
  if (!existsSync(file)) throw makeError('no such patient', 'NOT_FOUND')
  const db = services.store('identity-read', () => new DatabaseSync(file, { readOnly: true }))
  let row: Record<string, unknown> | undefined
  try {
    row = db.prepare('SELECT public_key FROM patients WHERE id = ?').get(patientId)
  } catch (err) {
    // identity has not created its tables yet: nobody is registered
    if (err instanceof Error && /no such table/.test(err.message)) throw makeError('no such patient', 'NOT_FOUND')
    throw err
  }
  if (row === undefined) throw makeError('no such patient', 'NOT_FOUND')
  let publicKey: Uint8Array | undefined
  try {
    publicKey = fromHex(String(row.public_key).replace(/^0x/i, ''))
  } catch { /* reported below */ }
  if (publicKey === undefined || !(publicKey.length === 33 || publicKey.length === 65)) {
    throw new Error('identity.db holds a malformed patient public key')
  }
  return { id: patientId, publicKey }
}
