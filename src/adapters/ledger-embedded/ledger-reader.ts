import { statSync } from 'node:fs'
import type { Clock } from '../../core/types.ts'
import type { Ledger } from '../../ports/ledger.ts'
import { EmbeddedLedger } from './embedded-ledger.ts'
import { ledgerPaths } from './ledger-files.ts'

export type LedgerView = Pick<Ledger, 'size' | 'entry' | 'entries' | 'blocks' | 'latestBlock' | 'inclusionProof' | 'consistencyProof'>

/**
 * A read-only view of an embedded ledger that another process writes: before each call it checks the files'
 * sizes and, when they grew, re-reads and re-verifies them. Cost per change is a full re-read (fine for the
 * sizes subgraph processes serve today; an incremental tail read is the next step).
 */
export function openLedgerReader (options: { dir: string, clock: Clock, trustedSigners: string[] }): LedgerView & { close(): Promise<void> } {
  const paths = ledgerPaths(options.dir)
  let seen = ''
  let ledger: EmbeddedLedger | undefined
  const current = (): EmbeddedLedger => {
    const stamp = [paths.entries, paths.blocks].map((p) => { try { return statSync(p).size } catch { return -1 } }).join(':')
    if (ledger === undefined || stamp !== seen) {
      const next = new EmbeddedLedger({ dir: options.dir, clock: options.clock, trustedSigners: options.trustedSigners, readOnly: true })
      void ledger?.close()
      ledger = next
      seen = stamp
    }
    return ledger
  }
  return {
    size: () => current().size(),
    entry: (i) => current().entry(i),
    entries: (from, to) => current().entries(from, to),
    blocks: () => current().blocks(),
    latestBlock: () => current().latestBlock(),
    inclusionProof: (i, size) => current().inclusionProof(i, size),
    consistencyProof: (a, b) => current().consistencyProof(a, b),
    close: async () => { await ledger?.close() }
  }
}
