import { closeSync, existsSync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs'
import { GENESIS_PREV_HASH, blockDigest, blockHash } from '../../core/ledger/block.ts'
import { canonicalJson } from '../../core/canonical-json.ts'
import { makeError } from '../../core/errors.ts'
import { leafHash, toHex } from '../../core/merkle/index.ts'
import type { MerkleTree } from '../../core/merkle/index.ts'
import type { Clock } from '../../core/types.ts'
import type { ConsistencyProofOut, InclusionProofOut, Ledger, LedgerBlock, LedgerEntry } from '../../ports/ledger.ts'
import type { LedgerSigner } from '../../ports/keys.ts'
import { checkLedger } from './check-ledger.ts'
import { ledgerPaths, readLineFile, truncateTornTail } from './ledger-files.ts'

export interface EmbeddedLedgerOptions {
  dir: string
  signer?: LedgerSigner
  clock: Clock
  /** Seal a block as soon as this many entries are pending (default 1024). */
  blockMaxEntries?: number
  /** fdatasync after every append and seal (default true); off only for throwaway test ledgers. */
  fsync?: boolean
  /** Addresses whose blocks are accepted on open (default: the signer's). */
  trustedSigners?: string[]
  /**
   * Open for reading only, beside a writer in another process: a torn tail is skipped, not cut, and
   * append/seal throw. Needs `trustedSigners`; `signer` may be omitted.
   */
  readOnly?: boolean
}

/**
 * The embedded ledger: two append-only files in `dir` (entries and signed blocks, one canonical-JSON line
 * each), one RFC 9162 tree over every entry. An append returns once its lines are written (and synced),
 * so an acknowledged entry survives a crash; a torn tail from a crash mid-write is cut on open.
 * @throws MedledgerError LEDGER_CORRUPT / LEDGER_BAD_SIGNATURE when the files on disk do not verify
 */
export function openEmbeddedLedger (options: EmbeddedLedgerOptions): EmbeddedLedger {
  return new EmbeddedLedger(options)
}

const encoder = new TextEncoder()

export class EmbeddedLedger implements Ledger {
  private readonly tree: MerkleTree
  private readonly blockList: LedgerBlock[]
  private readonly starts: number[]
  private readonly ends: number[]
  private readonly entriesFd: number
  private readonly blocksFd: number
  private entriesLength: number
  private blocksLength: number
  private readonly signer: LedgerSigner | undefined
  private readonly readOnly: boolean
  private readonly clock: Clock
  private readonly blockMaxEntries: number
  private readonly fsync: boolean
  private closed = false

  constructor (options: EmbeddedLedgerOptions) {
    mkdirSync(options.dir, { recursive: true })
    const paths = ledgerPaths(options.dir)
    const entries = readLineFile(paths.entries)
    const blocks = readLineFile(paths.blocks)
    this.readOnly = options.readOnly ?? false
    if (!this.readOnly) {
      truncateTornTail(paths.entries, entries)
      truncateTornTail(paths.blocks, blocks)
    }
    const trusted = options.trustedSigners ?? (options.signer === undefined ? [] : [options.signer.address])
    const checked = checkLedger(entries, blocks, trusted)
    const first = checked.problems[0]
    if (first !== undefined) throw makeError(`ledger does not verify: ${first.message}`, first.code, { where: first.where })
    this.tree = checked.tree
    this.blockList = checked.blocks
    this.starts = entries.starts
    this.ends = entries.ends
    this.entriesLength = entries.completeLength
    this.blocksLength = blocks.completeLength
    // A reader opens 'r' so it can never write; 'a+' creates the files for a first writer.
    this.entriesFd = openSync(paths.entries, this.readOnly && existsSync(paths.entries) ? 'r' : 'a+')
    this.blocksFd = openSync(paths.blocks, this.readOnly && existsSync(paths.blocks) ? 'r' : 'a+')
    this.signer = options.signer
    this.clock = options.clock
    this.blockMaxEntries = options.blockMaxEntries ?? 1024
    this.fsync = options.fsync ?? true
  }

  async append (entries: LedgerEntry[]): Promise<number[]> {
    this.assertOpen()
    const lines = entries.map((entry) => {
      if (typeof entry?.type !== 'string' || !Number.isSafeInteger(entry.time)) {
        throw makeError('a ledger entry needs a string type and an integer time', 'BAD_INPUT')
      }
      return encoder.encode(canonicalJson(entry))
    })
    const total = lines.reduce((n, l) => n + l.length + 1, 0)
    const buf = Buffer.allocUnsafe(total)
    let at = 0
    for (const line of lines) { buf.set(line, at); at += line.length; buf[at++] = 10 }
    this.writeAll(this.entriesFd, buf, this.entriesLength)
    const indexes: number[] = []
    at = this.entriesLength
    for (const line of lines) {
      this.starts.push(at)
      this.ends.push(at + line.length)
      at += line.length + 1
      indexes.push(this.tree.append(leafHash(line)))
    }
    this.entriesLength = at
    if (this.pending() >= this.blockMaxEntries) await this.seal()
    return indexes
  }

  async seal (): Promise<LedgerBlock | undefined> {
    this.assertOpen()
    if (this.pending() === 0) return undefined
    const last = this.latestBlock()
    const header = {
      height: this.blockList.length,
      prevHash: last === undefined ? GENESIS_PREV_HASH : toHex(blockHash(last)),
      treeSize: this.tree.size,
      root: toHex(this.tree.root()),
      time: Math.max(this.clock.now(), last?.time ?? 0),
      signer: this.signer!.address
    }
    const block: LedgerBlock = { ...header, signature: this.signer!.signDigest(blockDigest(header)) }
    const line = Buffer.from(canonicalJson(block) + '\n')
    this.writeAll(this.blocksFd, line, this.blocksLength)
    this.blocksLength += line.length
    this.blockList.push(block)
    return block
  }

  /** Entries appended since the last block. */
  pending (): number {
    return this.tree.size - (this.latestBlock()?.treeSize ?? 0)
  }

  size (): number { return this.tree.size }

  entry (index: number): LedgerEntry {
    this.assertIndex(index)
    return JSON.parse(this.readRange(this.starts[index]!, this.ends[index]!).toString('utf8')) as LedgerEntry
  }

  * entries (from = 0, to = this.tree.size): Iterable<{ index: number, entry: LedgerEntry }> {
    const end = Math.min(to, this.tree.size)
    const chunk = 1024
    for (let lo = from; lo < end; lo += chunk) {
      const hi = Math.min(lo + chunk, end)
      const base = this.starts[lo]!
      const bytes = this.readRange(base, this.ends[hi - 1]!)
      for (let i = lo; i < hi; i++) {
        const entry = JSON.parse(bytes.toString('utf8', this.starts[i]! - base, this.ends[i]! - base)) as LedgerEntry
        yield { index: i, entry }
      }
    }
  }

  blocks (): readonly LedgerBlock[] { return this.blockList }

  latestBlock (): LedgerBlock | undefined { return this.blockList[this.blockList.length - 1] }

  /** The hash of the leaf at `index`, hex. */
  leafHashHex (index: number): string {
    this.assertIndex(index)
    return toHex(this.tree.leafHash(index))
  }

  inclusionProof (index: number, treeSize?: number): InclusionProofOut {
    this.assertIndex(index)
    const block = treeSize === undefined ? this.firstBlockCovering(index) : this.blockOfSize(treeSize)
    if (block === undefined) throw makeError(`entry ${index} is not sealed in a block yet`, 'NOT_SEALED', { index })
    if (index >= block.treeSize) throw makeError(`entry ${index} is not in the tree of size ${block.treeSize}`, 'BAD_INPUT')
    return {
      index,
      treeSize: block.treeSize,
      leafHash: toHex(this.tree.leafHash(index)),
      path: this.tree.inclusionProof(index, block.treeSize).map(toHex),
      root: block.root,
      block
    }
  }

  consistencyProof (fromSize: number, toSize: number): ConsistencyProofOut {
    return {
      fromSize,
      toSize,
      path: this.tree.consistencyProof(fromSize, toSize).map(toHex),
      fromRoot: toHex(this.tree.root(fromSize)),
      toRoot: toHex(this.tree.root(toSize))
    }
  }

  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    closeSync(this.entriesFd)
    closeSync(this.blocksFd)
  }

  private firstBlockCovering (index: number): LedgerBlock | undefined {
    let lo = 0
    let hi = this.blockList.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.blockList[mid]!.treeSize > index) hi = mid
      else lo = mid + 1
    }
    return this.blockList[lo]
  }

  private blockOfSize (treeSize: number): LedgerBlock {
    const block = this.blockList.find((b) => b.treeSize === treeSize)
    if (block === undefined) throw makeError(`no block has tree size ${treeSize}`, 'BAD_INPUT', { treeSize })
    return block
  }

  /** Writes at the end of an append-only file; a failed write is cut back so the file never holds a partial line. */
  private writeAll (fd: number, buf: Buffer, position: number): void {
    try {
      let written = 0
      while (written < buf.length) written += writeSync(fd, buf, written, buf.length - written, position + written)
      if (this.fsync) fdatasyncSync(fd)
    } catch (err) {
      try { ftruncateSync(fd, position) } catch { /* the torn tail is cut on the next open */ }
      throw makeError('ledger write failed', 'LEDGER_CORRUPT', {}, err)
    }
  }

  private readRange (start: number, end: number): Buffer {
    const buf = Buffer.allocUnsafe(end - start)
    let read = 0
    while (read < buf.length) {
      const n = readSync(this.entriesFd, buf, read, buf.length - read, start + read)
      if (n === 0) throw makeError('ledger entries file is shorter than expected', 'LEDGER_CORRUPT')
      read += n
    }
    return buf
  }

  private assertIndex (index: number): void {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.tree.size) {
      throw makeError(`no ledger entry ${index}`, 'NOT_FOUND', { index })
    }
  }

  private assertOpen (): void {
    if (this.closed) throw makeError('ledger is closed', 'CONFLICT')
    if (this.readOnly || this.signer === undefined) throw makeError('ledger is open for reading only', 'CONFLICT')
  }
}
