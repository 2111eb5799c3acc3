import { canonicalJson } from '../../core/canonical-json.ts'
import { makeError } from '../../core/errors.ts'
import { leafHash, toHex } from '../../core/merkle/index.ts'
import type { BlockAnchored, Ledger, LedgerBlock, RecordAnchored } from '../../ports/ledger.ts'

/**
 * Everything needed to check one record version without medledger: its ledger entry (the exact bytes that
 * were hashed), an RFC 9162 inclusion proof into an anchored tree head, the signed block with that head and
 * the transaction that anchored it. anchors/verify-bundle.mjs checks it with ethers alone.
 */
export interface ProofBundle {
  format: 'medledger-proof-bundle/1'
  /** `line` is the entry's canonical JSON, the leaf's data (RFC 9162 §2.1.1: leaf hash = SHA-256(0x00 || line)). */
  entry: { index: number, line: string }
  inclusion: { treeSize: number, leafHash: string, path: string[] }
  block: LedgerBlock
  anchor: { chainId: number, contract: string, txHash: string, blockNumber: number }
}

export interface ProofBundleOptions {
  /** Record version (default: the latest). */
  version?: number
}

/**
 * Builds the bundle for one record version, proven into the first anchored block that covers it.
 * @throws MedledgerError NOT_FOUND when the ledger holds no such record version; ANCHOR_MISSING when no
 *   anchored block covers its entry yet
 */
export function buildProofBundle (ledger: Pick<Ledger, 'entries' | 'blocks' | 'inclusionProof'>, recordId: string, options: ProofBundleOptions = {}): ProofBundle {
  let found: { index: number, entry: RecordAnchored } | undefined
  const anchors: BlockAnchored[] = []
  for (const { index, entry } of ledger.entries()) {
    if (entry.type === 'BlockAnchored') anchors.push(entry as BlockAnchored)
    if (entry.type !== 'RecordAnchored') continue
    const record = entry as RecordAnchored
    if (record.recordId !== recordId || (options.version !== undefined && record.version !== options.version)) continue
    if (found === undefined || record.version >= found.entry.version) found = { index, entry: record }
  }
  if (found === undefined) throw makeError('the ledger holds no such record version', 'NOT_FOUND', { recordId })
  const index = found.index
  const anchor = anchors.filter((a) => a.treeSize > index).sort((a, b) => a.treeSize - b.treeSize)[0]
  if (anchor === undefined) throw makeError(`entry ${index} is not anchored on a chain yet`, 'ANCHOR_MISSING', { index })
  const block = ledger.blocks()[anchor.height]
  if (block === undefined || block.root !== anchor.root) throw makeError(`block ${anchor.height} does not match its anchor`, 'ANCHOR_MISMATCH', { height: anchor.height })
  const proof = ledger.inclusionProof(index, block.treeSize)
  const line = canonicalJson(found.entry)
  if (toHex(leafHash(new TextEncoder().encode(line))) !== proof.leafHash) throw makeError(`entry ${index} does not re-serialize to its leaf`, 'LEDGER_CORRUPT', { index })
  return {
    format: 'medledger-proof-bundle/1',
    entry: { index, line },
    inclusion: { treeSize: proof.treeSize, leafHash: proof.leafHash, path: proof.path },
    block,
    anchor: { chainId: anchor.chainId, contract: anchor.contract, txHash: anchor.txHash, blockNumber: anchor.blockNumber }
  }
}
