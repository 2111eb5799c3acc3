import { existsSync } from 'node:fs'
import { CID } from 'multiformats/cid'
import { createHeliaBodyStore } from '../adapters/helia/index.ts'
import { openFileKeys } from '../adapters/keys-file/index.ts'
import { checkLedger } from '../adapters/ledger-embedded/check-ledger.ts'
import { ledgerPaths, readLineFile } from '../adapters/ledger-embedded/ledger-files.ts'
import { openSqliteRecordIndex } from '../adapters/sqlite/index.ts'
import { isError } from '../core/errors.ts'
import type { BodyStore } from '../ports/body-store.ts'
import type { BlockAnchored, RecordAnchored } from '../ports/ledger.ts'
import { checkAnchors } from '../adapters/ledger-evm/check-chain.ts'
import { toHex } from '../core/merkle/index.ts'
import { systemRng } from '../ports/clock.ts'
import { dataPaths } from './data-dir.ts'

/** One thing `verify` found wrong, named by where it is. */
export interface VerifyProblem {
  code: string
  where: string
  message: string
}

export interface VerifyReport {
  ok: boolean
  entries: number
  blocks: number
  records: number
  problems: VerifyProblem[]
  /** Not failures: a torn tail from a crash, entries not yet sealed, shredded records. */
  notes: string[]
}

export interface VerifyOptions {
  onProgress?: (checked: number, total: number) => void
  /** Also check every anchored root against this EVM chain (`medledger verify --chain <rpc-url>`). */
  chain?: { rpcUrl: string, contract?: string, fromBlock?: number }
  /**
   * Where to read the bodies instead of the folder's own embedded store — a cluster node's store, which fetches
   * what it lacks from the holders (docs/bodies.md). Not closed by verify.
   */
  bodies?: BodyStore
}

/**
 * Recomputes every block (sequence, prevHash, tree size, root, signature), re-hashes every record body
 * against its CID, and checks that the index agrees with the ledger. Read-only: a torn tail is noted, not cut.
 */
export async function verifyDataDir (dir: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const paths = dataPaths(dir)
  const report: VerifyReport = { ok: false, entries: 0, blocks: 0, records: 0, problems: [], notes: [] }
  if (!existsSync(paths.keys) || !existsSync(paths.ledger)) {
    report.problems.push({ code: 'NOT_FOUND', where: dir, message: `${dir} holds no medledger data` })
    return report
  }
  const keys = openFileKeys({ dir: paths.keys, rng: systemRng })
  const signer = keys.ledgerSigner().address
  const files = ledgerPaths(paths.ledger)
  const entryFile = readLineFile(files.entries)
  const blockFile = readLineFile(files.blocks)
  if (entryFile.completeLength < entryFile.bytes.length) report.notes.push('entries file has a torn tail from a crash (never acknowledged; cut on next open)')
  if (blockFile.completeLength < blockFile.bytes.length) report.notes.push('blocks file has a torn tail from a crash (cut on next open)')
  const checked = checkLedger(entryFile, blockFile, [signer])
  report.problems.push(...checked.problems)
  report.entries = entryFile.starts.length
  report.blocks = checked.blocks.length
  const sealed = checked.blocks.at(-1)?.treeSize ?? 0
  if (sealed < report.entries) report.notes.push(`${report.entries - sealed} entries not yet sealed in a block`)

  const anchored: Array<{ index: number, entry: RecordAnchored }> = []
  const chainAnchors: Array<{ index: number, entry: BlockAnchored }> = []
  for (let i = 0; i < entryFile.starts.length; i++) {
    try {
      const entry = JSON.parse(entryFile.bytes.toString('utf8', entryFile.starts[i], entryFile.ends[i])) as RecordAnchored | BlockAnchored
      if (entry.type === 'RecordAnchored') anchored.push({ index: i, entry })
      else if (entry.type === 'BlockAnchored') chainAnchors.push({ index: i, entry })
    } catch { /* reported by checkLedger */ }
  }
  report.records = anchored.length
  if (options.chain !== undefined) {
    const chain = await checkAnchors({
      ...options.chain, anchors: chainAnchors, blocks: checked.blocks, size: report.entries, rootAt: (n) => toHex(checked.tree.root(n))
    })
    report.problems.push(...chain.problems)
    report.notes.push(...chain.notes)
  }

  const bodies = options.bodies ?? await createHeliaBodyStore({ dir: paths.ipfs })
  try {
    let shredded = 0
    const batch = 256
    for (let lo = 0; lo < anchored.length; lo += batch) {
      await Promise.all(anchored.slice(lo, lo + batch).map(async ({ index, entry }) => {
        const where = `entry ${index}`
        try {
          await bodies.get(CID.parse(entry.cid))
        } catch (err) {
          const code = isError(err, 'CID_MISMATCH') ? 'CID_MISMATCH' : isError(err, 'BODY_NOT_FOUND') ? 'BODY_NOT_FOUND' : isError(err, 'BODY_UNAVAILABLE') ? 'BODY_UNAVAILABLE' : 'LEDGER_CORRUPT'
          const what = { CID_MISMATCH: 'does not hash to its CID', BODY_NOT_FOUND: 'is missing', BODY_UNAVAILABLE: 'is on no reachable holder', LEDGER_CORRUPT: 'is unreadable' }[code]
          report.problems.push({ code, where, message: `${where} (record ${entry.recordId} v${entry.version}): body ${entry.cid} ${what}` })
        }
        if (keys.binding(entry.recordId, entry.version) === undefined) shredded++
      }))
      options.onProgress?.(Math.min(lo + batch, anchored.length), anchored.length)
    }
    if (shredded > 0) report.notes.push(`${shredded} record versions are crypto-shredded (no service key)`)
  } finally {
    if (options.bodies === undefined) await bodies.close()
    keys.close()
  }

  if (existsSync(paths.index)) {
    const index = openSqliteRecordIndex(paths.index)
    try {
      const byPosition = new Map(anchored.map((a) => [a.index, a]))
      for (const row of index.dump()) {
        const at = byPosition.get(row.entryIndex)
        if (at === undefined || at.entry.recordId !== row.recordId || at.entry.version !== row.version || at.entry.cid !== row.cid) {
          report.problems.push({ code: 'INDEX_STALE', where: `index row ${row.recordId} v${row.version}`, message: `index row ${row.recordId} v${row.version} does not match ledger entry ${row.entryIndex} (run medledger reindex)` })
          break
        }
      }
    } finally {
      index.close()
    }
  }
  report.problems.sort((a, b) => order(a.where) - order(b.where))
  report.ok = report.problems.length === 0
  return report
}

/** Sorts problems so the first one reported is the earliest in the ledger. */
function order (where: string): number {
  const m = /^(entry|block) (\d+)/.exec(where)
  return m === null ? Number.MAX_SAFE_INTEGER : Number(m[2])
}
