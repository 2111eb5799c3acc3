import { closeSync, existsSync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs'
import { GENESIS_PREV_HASH, blockDigest, blockHash } from '../../core/ledger/block.ts'
import { canonicalJson } from '../../core/canonical-json.ts'
import { makeError } from '../../core/errors.ts'
import { fromHex, leafHash, toHex } from '../../core/merkle/index.ts'
import { signCheckpoint } from '../../core/tlog/checkpoint.ts'
import type { NoteSigner } from '../../core/tlog/checkpoint.ts'
import { encodeEntryBundle, tileWidth, TILE_WIDTH } from '../../core/tlog/layout.ts'
import { nodesNeeded, storedConsistencyProof, storedInclusionProof, storedRoot } from '../../core/tlog/stored-proofs.ts'
import type { NodeReader } from '../../core/tlog/stored-proofs.ts'
import { MISSING, TileBuilder, TileCache, tilesForNodes } from '../../core/tlog/tile-hashes.ts'
import type { Clock } from '../../core/types.ts'
import type { ConsistencyProofOut, InclusionProofOut, Ledger, LedgerBlock, LedgerEntry, LedgerLog } from '../../ports/ledger.ts'
import type { LedgerSigner } from '../../ports/keys.ts'
import { checkBlocks, claimedSizes, isEntry } from './check-ledger.ts'
import type { LedgerProblem } from './check-ledger.ts'
import { ledgerPaths, readLineFile, truncateTo, truncateTornTail } from './ledger-files.ts'
import { scanLines } from './scan-entries.ts'
import { fileDerivedStore, memoryDerivedStore } from './tile-files.ts'
import type { DerivedStore } from './tile-files.ts'

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
  /** Ed25519 log key that signs checkpoints (C2SP signed note); without it `checkpoint()` is undefined. */
  noteSigner?: NoteSigner
  /** Expanded tiles kept for proofs (default 1024, about 16 MiB). */
  tileCacheSize?: number
}

/**
 * The embedded ledger: two append-only files in `dir` (entries and signed blocks, one canonical-JSON line
 * each) and, derived from them, C2SP tlog-tiles hash tiles and line offsets on disk (`tiles/`), from which
 * every root and proof is computed. The process keeps only the tree's right edge, the block list and a
 * bounded tile cache, so memory stays flat however long the log grows. An append returns once its lines
 * are written (and synced), so an acknowledged entry survives a crash; a torn tail is cut on open, and
 * tiles and offsets are rebuilt from the entries file (streamed) and checked against every block.
 * @throws MedledgerError LEDGER_CORRUPT / LEDGER_BAD_SIGNATURE when the files on disk do not verify
 */
export function openEmbeddedLedger (options: EmbeddedLedgerOptions): EmbeddedLedger {
  return new EmbeddedLedger(options)
}

const encoder = new TextEncoder()

export class EmbeddedLedger implements Ledger {
  private readonly builder: TileBuilder
  private readonly blockList: LedgerBlock[]
  private readonly derived: DerivedStore
  private readonly cache: TileCache
  private readonly entriesFd: number
  private readonly blocksFd: number
  private entriesLength: number
  private blocksLength: number
  private readonly signer: LedgerSigner | undefined
  private readonly noteSigner: NoteSigner | undefined
  private readonly readOnly: boolean
  private readonly clock: Clock
  private readonly blockMaxEntries: number
  private readonly fsync: boolean
  private closed = false
  private scratch = Buffer.alloc(0)

  constructor (options: EmbeddedLedgerOptions) {
    mkdirSync(options.dir, { recursive: true })
    const paths = ledgerPaths(options.dir)
    this.readOnly = options.readOnly ?? false
    const blocks = readLineFile(paths.blocks)
    if (!this.readOnly) truncateTornTail(paths.blocks, blocks)
    this.derived = this.readOnly ? memoryDerivedStore() : fileDerivedStore(options.dir)
    this.builder = new TileBuilder()
    // Stream the entries: leaf hashes into the tiles, line ends into the offsets, roots at each block's size.
    const wanted = new Set(claimedSizes(blocks))
    const roots = new Map<number, string>()
    if (wanted.has(0)) roots.set(0, toHex(this.builder.root()))
    const problems: LedgerProblem[] = []
    let ends: number[] = []
    const complete = scanLines(paths.entries, (line, _start, end) => {
      const i = this.builder.size
      if (!isEntry(line)) problems.push({ code: 'LEDGER_CORRUPT', where: `entry ${i}`, message: `entry ${i} is not a valid ledger entry` })
      ends.push(end)
      for (const w of this.builder.append([leafHash(line)])) this.derived.writeTile(w)
      if (ends.length === 4096) { this.derived.pushEnds(i + 1 - ends.length, ends); ends = [] }
      if (wanted.has(i + 1)) roots.set(i + 1, toHex(this.builder.root()))
    })
    this.derived.pushEnds(this.builder.size - ends.length, ends)
    if (!this.readOnly) truncateTo(paths.entries, complete)
    const trusted = options.trustedSigners ?? (options.signer === undefined ? [] : [options.signer.address])
    const checked = checkBlocks(blocks, { entryCount: this.builder.size, rootAt: (size) => roots.get(size) ?? '', trustedSigners: trusted })
    const first = [...problems, ...checked.problems][0]
    if (first !== undefined) {
      this.derived.close()
      throw makeError(`ledger does not verify: ${first.message}`, first.code, { where: first.where })
    }
    this.blockList = checked.blocks
    this.entriesLength = complete
    this.blocksLength = blocks.completeLength
    // A reader opens 'r' so it can never write; 'a+' creates the files for a first writer.
    this.entriesFd = openSync(paths.entries, this.readOnly && existsSync(paths.entries) ? 'r' : 'a+')
    this.blocksFd = openSync(paths.blocks, this.readOnly && existsSync(paths.blocks) ? 'r' : 'a+')
    this.signer = options.signer
    this.noteSigner = options.noteSigner
    this.clock = options.clock
    this.blockMaxEntries = options.blockMaxEntries ?? 1024
    this.fsync = options.fsync ?? true
    this.cache = new TileCache(options.tileCacheSize ?? 1024)
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
    // one write buffer, grown as needed and reused: a fresh one per batch churns native memory
    if (this.scratch.length < total) this.scratch = Buffer.allocUnsafe(Math.max(total, this.scratch.length * 2))
    const buf = this.scratch.subarray(0, total)
    let at = 0
    for (const line of lines) { buf.set(line, at); at += line.length; buf[at++] = 10 }
    this.writeAll(this.entriesFd, buf, this.entriesLength)
    const indexes: number[] = []
    const hashes: Uint8Array[] = []
    const ends: number[] = []
    at = this.entriesLength
    for (const line of lines) {
      indexes.push(this.builder.size + indexes.length)
      ends.push(at + line.length)
      at += line.length + 1
      hashes.push(leafHash(line))
    }
    this.derived.pushEnds(this.builder.size, ends)
    this.entriesLength = at
    // A block every blockMaxEntries entries exactly: a batch that crosses the boundary is sealed there.
    for (let done = 0; done < hashes.length;) {
      const take = Math.max(1, Math.min(hashes.length - done, this.blockMaxEntries - this.pending()))
      for (const w of this.builder.append(hashes.slice(done, done + take))) this.derived.writeTile(w)
      done += take
      if (this.pending() >= this.blockMaxEntries) await this.seal()
    }
    return indexes
  }

  async seal (): Promise<LedgerBlock | undefined> {
    this.assertOpen()
    if (this.pending() === 0) return undefined
    const last = this.latestBlock()
    const header = {
      height: this.blockList.length,
      prevHash: last === undefined ? GENESIS_PREV_HASH : toHex(blockHash(last)),
      treeSize: this.builder.size,
      root: toHex(this.builder.root()),
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
    return this.builder.size - (this.latestBlock()?.treeSize ?? 0)
  }

  size (): number { return this.builder.size }

  entry (index: number): LedgerEntry {
    this.assertIndex(index)
    const [start, end] = this.derived.span(index)
    return JSON.parse(this.readRange(start, end).toString('utf8')) as LedgerEntry
  }

  /** The canonical bytes of entry `index` (its leaf is leafHash of these). */
  entryBytes (index: number): Uint8Array {
    this.assertIndex(index)
    const [start, end] = this.derived.span(index)
    return this.readRange(start, end)
  }

  * entries (from = 0, to = this.builder.size): Iterable<{ index: number, entry: LedgerEntry }> {
    const end = Math.min(to, this.builder.size)
    const chunk = 1024
    for (let lo = from; lo < end; lo += chunk) {
      const hi = Math.min(lo + chunk, end)
      const base = this.derived.span(lo)[0]
      const bytes = this.readRange(base, this.derived.span(hi - 1)[1])
      let start = 0
      for (let i = lo; i < hi; i++) {
        const nl = i === hi - 1 ? bytes.length : bytes.indexOf(10, start)
        yield { index: i, entry: JSON.parse(bytes.toString('utf8', start, nl)) as LedgerEntry }
        start = nl + 1
      }
    }
  }

  blocks (): readonly LedgerBlock[] { return this.blockList }

  latestBlock (): LedgerBlock | undefined { return this.blockList[this.blockList.length - 1] }

  /** The hash of the leaf at `index`, hex. */
  leafHashHex (index: number): string {
    this.assertIndex(index)
    return toHex(this.fromTiles((read) => read(0, index)))
  }

  inclusionProof (index: number, treeSize?: number): InclusionProofOut {
    this.assertIndex(index)
    const block = treeSize === undefined ? this.firstBlockCovering(index) : this.blockOfSize(treeSize)
    if (block === undefined) throw makeError(`entry ${index} is not sealed in a block yet`, 'NOT_SEALED', { index })
    if (index >= block.treeSize) throw makeError(`entry ${index} is not in the tree of size ${block.treeSize}`, 'BAD_INPUT')
    const [leaf, ...path] = this.fromTiles((read) => [read(0, index), ...storedInclusionProof(read, index, block.treeSize)])
    return { index, treeSize: block.treeSize, leafHash: toHex(leaf), path: path.map(toHex), root: block.root, block }
  }

  consistencyProof (fromSize: number, toSize: number): ConsistencyProofOut {
    if (!Number.isSafeInteger(toSize) || toSize > this.builder.size) throw makeError('size exceeds the number of leaves', 'BAD_INPUT', { toSize })
    const [fromRoot, toRoot, ...path] = this.fromTiles((read) => [
      storedRoot(read, Math.min(fromSize, toSize)), storedRoot(read, toSize), ...storedConsistencyProof(read, fromSize, toSize)])
    return { fromSize, toSize, path: path.map(toHex), fromRoot: toHex(fromRoot), toRoot: toHex(toRoot) }
  }

  /** The latest block as a signed checkpoint note, or undefined (no block yet, or no log key). */
  checkpoint (origin: string): string | undefined {
    const block = this.latestBlock()
    if (block === undefined || this.noteSigner === undefined) return undefined
    return signCheckpoint({ origin, size: block.treeSize, root: fromHex(block.root) }, this.noteSigner)
  }

  /** First `width` hashes of hash tile (level, index); undefined when the tree does not hold them yet. */
  tile (level: number, index: number, width: number): Uint8Array | undefined {
    if (tileWidth(this.builder.size, level, index) < width) return undefined
    return this.derived.readTile(level, index, width)
  }

  /** Entry bundle `index` with its first `width` entries; undefined when fewer are appended. */
  entryBundle (index: number, width: number): Uint8Array | undefined {
    if (tileWidth(this.builder.size, 0, index) < width) return undefined
    const lines: Uint8Array[] = []
    for (let i = index * TILE_WIDTH; i < index * TILE_WIDTH + width; i++) lines.push(this.entryBytes(i))
    return encodeEntryBundle(lines)
  }

  /** This ledger through the asynchronous {@link LedgerLog} port; `origin` names the log in its checkpoints. */
  log (origin = 'medledger.local/ledger'): LedgerLog {
    return embeddedLog(this, origin)
  }

  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    closeSync(this.entriesFd)
    closeSync(this.blocksFd)
    this.derived.close()
  }

  /** Runs a computation over stored nodes: reads the tiles it needs into the cache first, then runs it. */
  private fromTiles<T> (compute: (read: NodeReader) => T): T {
    const warm = this.cache.attempt(compute)
    if (warm !== MISSING) return warm
    for (const r of this.cache.missing(tilesForNodes(nodesNeeded(compute)))) {
      const width = Math.max(r.width, tileWidth(this.builder.size, r.level, r.index))
      this.cache.put(r.level, r.index, this.derived.readTile(r.level, r.index, width))
    }
    return compute(this.cache.nodeAt)
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
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.builder.size) {
      throw makeError(`no ledger entry ${index}`, 'NOT_FOUND', { index })
    }
  }

  private assertOpen (): void {
    if (this.closed) throw makeError('ledger is closed', 'CONFLICT')
    if (this.readOnly || this.signer === undefined) throw makeError('ledger is open for reading only', 'CONFLICT')
  }
}

/** The asynchronous port over an embedded ledger (one process appends; calls run in order). */
function embeddedLog (ledger: EmbeddedLedger, origin: string): LedgerLog {
  return {
    append: async (entries) => await ledger.append(entries),
    seal: async () => await ledger.seal(),
    size: async () => ledger.size(),
    entry: async (index) => ledger.entry(index),
    entries: async function * (from, to) { yield * ledger.entries(from, to) },
    blocks: async (fromHeight = 0) => ledger.blocks().slice(fromHeight),
    latestBlock: async () => ledger.latestBlock(),
    inclusionProof: async (index, treeSize) => ledger.inclusionProof(index, treeSize),
    consistencyProof: async (fromSize, toSize) => ledger.consistencyProof(fromSize, toSize),
    checkpoint: async () => ledger.checkpoint(origin),
    tile: async (level, index, width) => ledger.tile(level, index, width),
    entryBundle: async (index, width) => ledger.entryBundle(index, width),
    close: async () => { await ledger.close() }
  }
}
