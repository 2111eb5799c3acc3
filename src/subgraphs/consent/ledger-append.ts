import type { LedgerEntry } from '../../ports/ledger.ts'
import type { Services } from '../context.ts'
import { requireDataDir } from '../data-dir.ts'

/**
 * Appends consent entries (ConsentGranted, ConsentRevoked) to the ledger and returns their positions.
 *
 * Only the process that owns the data folder may append (one writer). Grants and revocations are therefore
 * written where `services.data` is open: in embedded mode (`npm start`, every subgraph in the gateway's
 * process) always; in distributed mode the consent subgraph must run in the process that owns the data folder
 * (with records) for its mutations — a consent process elsewhere serves reads (grants, access log) and
 * refuses the two mutations with this error.
 * @throws Error (masked as an internal error) when this process does not own the data folder; whatever the
 *   ledger append throws
 */
export async function appendConsentEntries (services: Services, entries: LedgerEntry[]): Promise<number[]> {
  return requireDataDir(services, 'consent grants and revocations').ledger.append(entries)
}
