/**
 * The contract every {@link LedgerLog} passes (embedded and PostgreSQL adapters alike):
 * `ledgerLogContract('embedded', makeLog)` from a `*.test.ts` file. Roots and proofs are checked byte for
 * byte against core's in-memory MerkleTree over the same canonical entry bytes (itself checked against the
 * published RFC 6962 vectors), and verified with core's RFC 9162 verifier.
 */
import { recoverAddress } from 'ethers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { canonicalJson } from '../core/canonical-json.ts'
import { blockDigest, blockHash, GENESIS_PREV_HASH } from '../core/ledger/block.ts'
import { MerkleTree, fromHex, leafHash, toHex, verifyConsistency, verifyInclusion } from '../core/merkle/index.ts'
import { openCheckpoint } from '../core/tlog/checkpoint.ts'
import { decodeEntryBundle } from '../core/tlog/layout.ts'
import type { LedgerEntry, LedgerLog } from './ledger.ts'

/** A fresh, empty log that seals a block every `blockMaxEntries` entries, and the hooks the contract needs. */
export type MakeLedgerLog = (options: { blockMaxEntries: number }) => Promise<{
  log: LedgerLog
  /** Verifier key (C2SP note) of the log's checkpoint key. */
  vkey: string
  /** Address of the block signer. */
  signer: string
  /** Overwrites the stored bytes of entry `index` behind the adapter's back (the log may be closed first). */
  tamper(index: number, entry: LedgerEntry): Promise<void>
  /** Re-checks everything stored (reopening if needed); throws MedledgerError LEDGER_CORRUPT on a mismatch. */
  verify(): Promise<void>
  cleanup(): Promise<void>
}>

const entry = (i: number): LedgerEntry => ({ type: 'RecordAnchored', recordId: `r${i}`, version: 1, cid: `c${i}`, actor: 'a', time: 1_700_000_000_000 + i })
const bytesOf = (e: LedgerEntry): Uint8Array => new TextEncoder().encode(canonicalJson(e))

/** Defines the LedgerLog contract tests for `name`; each test gets its own log from `make`. */
export function ledgerLogContract (name: string, make: MakeLedgerLog): void {
  describe(`LedgerLog contract: ${name}`, () => {
    let made: Awaited<ReturnType<MakeLedgerLog>>
    let log: LedgerLog
    beforeEach(async () => { made = await make({ blockMaxEntries: 4 }); log = made.log })
    afterEach(async () => { await made.cleanup() })

    /** Appends entries 0..n-1 in the given batch sizes; returns the reference tree over them. */
    async function fill (batches: number[]): Promise<MerkleTree> {
      const tree = new MerkleTree()
      let i = 0
      for (const k of batches) {
        const es = Array.from({ length: k }, (_, j) => entry(i + j))
        expect(await log.append(es)).toEqual(es.map((_, j) => i + j))
        tree.appendMany(es.map((e) => leafHash(bytesOf(e))))
        i += k
      }
      return tree
    }

    it('appends in order with gapless indexes and reads entries back', async () => {
      await fill([1, 3, 2])
      expect(await log.size()).toBe(6)
      expect(await log.entry(4)).toEqual(entry(4))
      const got = []
      for await (const e of log.entries(2, 5)) got.push(e)
      expect(got).toEqual([2, 3, 4].map((index) => ({ index, entry: entry(index) })))
      await expect(log.entry(6)).rejects.toMatchObject({ code: 'NOT_FOUND' })
      await expect(log.append([{ type: 'X' } as never])).rejects.toMatchObject({ code: 'BAD_INPUT' })
      expect(await log.size()).toBe(6)
    })

    it('seals signed, chained blocks whose roots equal the RFC 9162 tree over the entries', async () => {
      const tree = await fill([2, 3, 4, 1])
      await log.seal()
      expect(await log.seal()).toBeUndefined()
      const blocks = await log.blocks()
      expect(blocks.length).toBeGreaterThanOrEqual(3)
      expect(blocks.at(-1)!.treeSize).toBe(10)
      let prev = GENESIS_PREV_HASH
      let prevSize = 0
      for (const [h, b] of blocks.entries()) {
        expect(b.height).toBe(h)
        expect(b.prevHash).toBe(prev)
        expect(b.treeSize).toBeGreaterThan(prevSize)
        expect(b.treeSize - prevSize).toBeLessThanOrEqual(4)
        expect(b.root).toBe(toHex(tree.root(b.treeSize)))
        expect(recoverAddress(blockDigest(b), b.signature).toLowerCase()).toBe(made.signer.toLowerCase())
        prev = toHex(blockHash(b))
        prevSize = b.treeSize
      }
      expect(await log.latestBlock()).toEqual(blocks.at(-1))
      expect(await log.blocks(1)).toEqual(blocks.slice(1))
    })

    it('proves every entry in its first block and in later ones, byte-identical to the in-memory tree', async () => {
      const tree = await fill([5, 1, 7])
      await log.seal()
      const blocks = await log.blocks()
      for (let i = 0; i < 13; i++) {
        const p = await log.inclusionProof(i)
        expect(p.treeSize).toBe(blocks.find((b) => b.treeSize > i)!.treeSize)
        expect(p.leafHash).toBe(toHex(leafHash(bytesOf(entry(i)))))
        expect(p.path).toEqual(tree.inclusionProof(i, p.treeSize).map(toHex))
        expect(verifyInclusion(fromHex(p.leafHash), i, p.treeSize, p.path.map(fromHex), fromHex(p.root))).toBe(true)
        const late = await log.inclusionProof(i, 13)
        expect(verifyInclusion(fromHex(late.leafHash), i, 13, late.path.map(fromHex), fromHex(blocks.at(-1)!.root))).toBe(true)
      }
      await expect(log.inclusionProof(99)).rejects.toMatchObject({ code: 'NOT_FOUND' })
      await expect(log.inclusionProof(0, 3)).rejects.toMatchObject({ code: 'BAD_INPUT' })
    })

    it('reports an entry no block covers yet as NOT_SEALED', async () => {
      await fill([1])
      await expect(log.inclusionProof(0)).rejects.toMatchObject({ code: 'NOT_SEALED' })
    })

    it('proves consistency between any two blocks', async () => {
      const tree = await fill([3, 3, 3, 3, 1])
      await log.seal()
      const blocks = await log.blocks()
      for (const a of blocks) {
        for (const b of blocks.filter((x) => x.treeSize >= a.treeSize)) {
          const c = await log.consistencyProof(a.treeSize, b.treeSize)
          expect(c.fromRoot).toBe(a.root)
          expect(c.toRoot).toBe(b.root)
          expect(c.path).toEqual(tree.consistencyProof(a.treeSize, b.treeSize).map(toHex))
          expect(verifyConsistency(a.treeSize, b.treeSize, fromHex(a.root), fromHex(b.root), c.path.map(fromHex))).toBe(true)
        }
      }
      await expect(log.consistencyProof(5, 3)).rejects.toMatchObject({ code: 'BAD_INPUT' })
      await expect(log.consistencyProof(1, 14)).rejects.toMatchObject({ code: 'BAD_INPUT' })
    })

    it('publishes the latest block as a C2SP checkpoint and serves tlog tiles and entry bundles', async () => {
      expect(await log.checkpoint()).toBeUndefined()
      const tree = await fill([3, 4])
      await log.seal()
      const cp = openCheckpoint((await log.checkpoint())!, made.vkey)
      expect(cp.size).toBe(7)
      expect(toHex(cp.root)).toBe(toHex(tree.root(7)))
      const tile = (await log.tile(0, 0, 7))!
      expect(tile.length).toBe(7 * 32)
      for (let i = 0; i < 7; i++) expect(toHex(tile.subarray(32 * i, 32 * i + 32))).toBe(toHex(tree.leafHash(i)))
      expect(await log.tile(0, 0, 8)).toBeUndefined()
      expect(await log.tile(1, 0, 1)).toBeUndefined()
      const bundle = decodeEntryBundle((await log.entryBundle(0, 7))!)
      expect(bundle.map((b) => JSON.parse(new TextDecoder().decode(b)) as unknown)).toEqual(Array.from({ length: 7 }, (_, i) => entry(i)))
      expect(await log.entryBundle(0, 8)).toBeUndefined()
    })

    it('detects an entry changed behind its back', async () => {
      await fill([3, 3])
      await log.seal()
      await made.verify()
      await made.tamper(4, { ...entry(4), cid: 'forged' })
      await expect(made.verify()).rejects.toMatchObject({ code: 'LEDGER_CORRUPT' })
    })
  })
}
