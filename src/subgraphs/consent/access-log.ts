import type { LedgerView } from '../../adapters/ledger-embedded/ledger-reader.ts'
import type { AccessLogged } from '../../ports/ledger.ts'
import type { AccessLogRow } from './model.ts'

/** Entries read per step of the backward scan. */
const CHUNK = 512

/**
 * The newest `first` AccessLogged entries whose subject is `patientId`, newest first. Scans the ledger
 * backwards from its end and stops once `first` are found: cost grows with how far back the patient's
 * entries lie, up to the whole ledger for a patient with few. A per-subject index (built like the record
 * index, rebuildable from the ledger) replaces this scan when ledgers grow large.
 */
export function accessLogOf (ledger: Pick<LedgerView, 'size' | 'entries'>, patientId: string, first: number): AccessLogRow[] {
  const out: AccessLogRow[] = []
  for (let hi = ledger.size(); hi > 0 && out.length < first; hi -= CHUNK) {
    const chunk = [...ledger.entries(Math.max(0, hi - CHUNK), hi)]
    for (let i = chunk.length - 1; i >= 0 && out.length < first; i--) {
      const { index, entry } = chunk[i]!
      if (entry.type !== 'AccessLogged') continue
      const logged = entry as AccessLogged
      if (logged.subject !== patientId) continue
      const row: AccessLogRow = {
        entryIndex: index,
        actor: logged.actor,
        recordIds: logged.recordIds,
        purpose: logged.purpose,
        decision: logged.decision,
        time: logged.time
      }
      if (logged.grant !== undefined) row.grant = logged.grant
      out.push(row)
    }
  }
  return out
}
