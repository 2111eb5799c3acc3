import { recoverAddress } from 'ethers'
import { GENESIS_PREV_HASH, blockDigest, blockHash } from '../../core/ledger/block.ts'
import { MerkleTree, leafHash, toHex } from '../../core/merkle/index.ts'
import type { LedgerBlock } from '../../core/ledger/types.ts'
import type { LineFile } from './ledger-files.ts'

/** One thing wrong with a ledger, named so that an operator can find it. */
export interface LedgerProblem {
  code: 'LEDGER_CORRUPT' | 'LEDGER_BAD_SIGNATURE'
  /** `entry 17`, `block 3`, … */
  where: string
  message: string
}

export interface CheckedLedger {
  tree: MerkleTree
  blocks: LedgerBlock[]
  problems: LedgerProblem[]
}

/**
 * Recomputes the tree over every entry line and checks every block: height sequence, prevHash chain,
 * tree size, root and signature (by one of `trustedSigners`, lower-cased addresses). Stops at the first
 * bad block, since every later block builds on it.
 */
export function checkLedger (entries: LineFile, blocksFile: LineFile, trustedSigners: string[]): CheckedLedger {
  const problems: LedgerProblem[] = []
  const tree = new MerkleTree()
  for (let i = 0; i < entries.starts.length; i++) {
    const line = entries.bytes.subarray(entries.starts[i], entries.ends[i])
    if (!isEntry(line)) problems.push({ code: 'LEDGER_CORRUPT', where: `entry ${i}`, message: `entry ${i} is not a valid ledger entry` })
    tree.append(leafHash(line))
  }
  const checked = checkBlocks(blocksFile, { entryCount: tree.size, rootAt: (size) => toHex(tree.root(size)), trustedSigners })
  return { tree, blocks: checked.blocks, problems: [...problems, ...checked.problems] }
}

/**
 * Checks every block of a blocks file against the entries: height sequence, prevHash chain, tree size
 * (within `entryCount`), time order, root (`rootAt(treeSize)`, hex) and signature by one of `trustedSigners`.
 * Stops at the first bad block, since every later block builds on it.
 */
export function checkBlocks (blocksFile: LineFile, options: { entryCount: number, rootAt: (size: number) => string, trustedSigners: string[] }): { blocks: LedgerBlock[], problems: LedgerProblem[] } {
  const problems: LedgerProblem[] = []
  const trusted = new Set(options.trustedSigners.map((a) => a.toLowerCase()))
  const blocks: LedgerBlock[] = []
  let prevHash = GENESIS_PREV_HASH
  let prevSize = 0
  let prevTime = 0
  for (let h = 0; h < blocksFile.starts.length; h++) {
    const where = `block ${h}`
    const block = parseBlock(blocksFile.bytes.subarray(blocksFile.starts[h], blocksFile.ends[h]))
    const fail = (code: LedgerProblem['code'], message: string): void => { problems.push({ code, where, message: `${where}: ${message}` }) }
    if (block === undefined) { fail('LEDGER_CORRUPT', 'not a valid block'); break }
    if (block.height !== h) { fail('LEDGER_CORRUPT', `height ${block.height} out of sequence`); break }
    if (block.prevHash !== prevHash) { fail('LEDGER_CORRUPT', 'prevHash does not match the previous block'); break }
    if (block.treeSize < prevSize || block.treeSize > options.entryCount) { fail('LEDGER_CORRUPT', `tree size ${block.treeSize} out of range`); break }
    if (block.time < prevTime) { fail('LEDGER_CORRUPT', 'time goes backwards'); break }
    if (block.root !== options.rootAt(block.treeSize)) {
      fail('LEDGER_CORRUPT', `root does not match entries ${prevSize}..${block.treeSize - 1}`)
      break
    }
    if (!signedByTrusted(block, trusted)) { fail('LEDGER_BAD_SIGNATURE', 'signature is not by a trusted signer'); break }
    blocks.push(block)
    prevHash = toHex(blockHash(block))
    prevSize = block.treeSize
    prevTime = block.time
  }
  return { blocks, problems }
}

/** Tree sizes the blocks of a blocks file claim, in file order (malformed lines skipped). */
export function claimedSizes (blocksFile: LineFile): number[] {
  const out: number[] = []
  for (let h = 0; h < blocksFile.starts.length; h++) {
    const block = parseBlock(blocksFile.bytes.subarray(blocksFile.starts[h], blocksFile.ends[h]))
    if (block !== undefined) out.push(block.treeSize)
  }
  return out
}


function signedByTrusted (block: LedgerBlock, trusted: Set<string>): boolean {
  if (!trusted.has(block.signer.toLowerCase())) return false
  try {
    return recoverAddress(blockDigest(block), block.signature).toLowerCase() === block.signer.toLowerCase()
  } catch {
    return false
  }
}

export function isEntry (line: Uint8Array): boolean {
  const value = parseJson(line)
  return typeof value === 'object' && value !== null && !Array.isArray(value) &&
    typeof (value as Record<string, unknown>).type === 'string' && typeof (value as Record<string, unknown>).time === 'number'
}

function parseBlock (line: Uint8Array): LedgerBlock | undefined {
  const v = parseJson(line) as Record<string, unknown> | undefined
  if (typeof v !== 'object' || v === null) return undefined
  const ints = ['height', 'treeSize', 'time'].every((k) => Number.isSafeInteger(v[k]) && (v[k] as number) >= 0)
  const strs = ['prevHash', 'root', 'signer', 'signature'].every((k) => typeof v[k] === 'string')
  return ints && strs ? v as unknown as LedgerBlock : undefined
}

const decoder = new TextDecoder('utf-8', { fatal: true })

function parseJson (bytes: Uint8Array): unknown {
  try { return JSON.parse(decoder.decode(bytes)) } catch { return undefined }
}
