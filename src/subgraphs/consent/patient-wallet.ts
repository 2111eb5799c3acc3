/**
 * The one place the consent subgraph reads the identity subgraph's store: the wallet address of a registered
 * patient, the only key whose EIP-712 signature makes or revokes their grants. Couples consent to identity's
 * table layout (`identity.db`: `patients(id, account_id)`, `accounts(id, address)`) on purpose and read-only,
 * like records/patient-keys.ts.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { getAddress } from 'ethers'
import { makeError } from '../../core/errors.ts'
import type { Services } from '../context.ts'

/**
 * The checksummed wallet address of patient `patientId`.
 * @throws MedledgerError NOT_FOUND when no such patient is registered (or identity has no store yet)
 */
export function patientWallet (services: Services, patientId: string): string {
  const file = join(services.dataDir, 'identity.db')
  if (!existsSync(file)) throw makeError('no such patient', 'NOT_FOUND')
  const db = services.store('identity-read', () => new DatabaseSync(file, { readOnly: true }))
  let row: Record<string, unknown> | undefined
  try {
    row = db.prepare('SELECT a.address FROM patients p JOIN accounts a ON a.id = p.account_id WHERE p.id = ?').get(patientId)
  } catch (err) {
    if (err instanceof Error && /no such table/.test(err.message)) throw makeError('no such patient', 'NOT_FOUND')
    throw err
  }
  if (row === undefined) throw makeError('no such patient', 'NOT_FOUND')
  return getAddress(String(row.address))
}
