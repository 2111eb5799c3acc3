/**
 * The wallet address of a registered patient, the only key whose EIP-712 signature makes or revokes their
 * grants, read from identity's store.
 */
import { getAddress } from 'ethers'
import type { Services } from '../context.ts'
import { identityRow } from '../identity-read.ts'

/**
 * The checksummed wallet address of patient `patientId`.
 * @throws MedledgerError NOT_FOUND when no such patient is registered (or identity has no store yet)
 */
export function patientWallet (services: Services, patientId: string): string {
  const row = identityRow(services, 'SELECT a.address FROM patients p JOIN accounts a ON a.id = p.account_id WHERE p.id = ?', patientId)
  return getAddress(String(row.address))
}
