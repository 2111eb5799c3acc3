import { appendFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Wallet, SigningKey } from 'ethers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fromHex, verifyConsistency, verifyInclusion } from '../../core/merkle/index.ts'
import type { LedgerSigner } from '../../ports/keys.ts'
import { tempDir } from '../../../test/support/data.ts'
import { openEmbeddedLedger } from './embedded-ledger.ts'
import { openLedgerReader } from './ledger-reader.ts'

function signer (seed: string): LedgerSigner {
  const key = new SigningKey('0x' + Buffer.from(seed.padEnd(32, '.')).toString('hex'))
  return { address: new Wallet(key).address, signDigest: (d) => key.sign(d).serialized }
}

const clock = { now: () => 1_700_000_000_000 }
const entry = (i: number) => ({ type: 'RecordAnchored', recordId: `r${i}`, version: 1, cid: `c${i}`, actor: 'a', time: i })

describe('embedded ledger on disk', () => {
  let tmp: ReturnType<typeof tempDir>
  const alice = signer('alice')
  beforeEach(() => { tmp = tempDir() })
  afterEach(() => tmp.cleanup())

  it('seals blocks by size, chains them, and proves inclusion and consistency between any two heads', async () => {
    const ledger = openEmbeddedLedger({ dir: tmp.dir, signer: alice, clock, blockMaxEntries: 4 })
    for (let i = 0; i < 10; i++) await ledger.append([entry(i)])
    await ledger.seal()
    expect(ledger.blocks().map((b) => b.treeSize)).toEqual([4, 8, 10])
    const [b0, , b2] = ledger.blocks()
    const c = ledger.consistencyProof(b0!.treeSize, b2!.treeSize)
    expect(c.fromRoot).toBe(b0!.root)
    expect(verifyConsistency(4, 10, fromHex(b0!.root), fromHex(b2!.root), c.path.map(fromHex))).toBe(true)
    const p = ledger.inclusionProof(5)
    expect(p.block.height).toBe(1)
    expect(verifyInclusion(fromHex(p.leafHash), 5, p.treeSize, p.path.map(fromHex), fromHex(p.root))).toBe(true)
    expect(ledger.entry(5)).toEqual(entry(5))
    expect([...ledger.entries(8)].map((e) => e.index)).toEqual([8, 9])
    await ledger.close()
  })

  it('reports an unsealed entry as NOT_SEALED and refuses malformed entries', async () => {
    const ledger = openEmbeddedLedger({ dir: tmp.dir, signer: alice, clock })
    await ledger.append([entry(0)])
    expect(() => ledger.inclusionProof(0)).toThrow(expect.objectContaining({ code: 'NOT_SEALED' }))
    await expect(ledger.append([{ type: 'X' } as never])).rejects.toMatchObject({ code: 'BAD_INPUT' })
    expect(() => ledger.entry(7)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
    await ledger.close()
  })

  it('cuts a torn tail left by a crash and keeps every complete entry', async () => {
    const ledger = openEmbeddedLedger({ dir: tmp.dir, signer: alice, clock })
    await ledger.append([entry(0), entry(1)])
    await ledger.close()
    appendFileSync(join(tmp.dir, 'entries.ndjson'), '{"type":"RecordAnch')
    const again = openEmbeddedLedger({ dir: tmp.dir, signer: alice, clock })
    expect(again.size()).toBe(2)
    expect(readFileSync(join(tmp.dir, 'entries.ndjson'), 'utf8').endsWith('}\n')).toBe(true)
    await again.append([entry(2)])
    expect(again.entry(2)).toEqual(entry(2))
    await again.close()
  })

  it('refuses blocks signed by a key it does not trust', async () => {
    const ledger = openEmbeddedLedger({ dir: tmp.dir, signer: alice, clock })
    await ledger.append([entry(0)])
    await ledger.seal()
    await ledger.close()
    expect(() => openEmbeddedLedger({ dir: tmp.dir, signer: signer('mallory'), clock })).toThrow(expect.objectContaining({ code: 'LEDGER_BAD_SIGNATURE' }))
  })

  it('serves a read-only view beside the writer that follows new entries and never writes', async () => {
    const writer = openEmbeddedLedger({ dir: tmp.dir, signer: alice, clock })
    const reader = openLedgerReader({ dir: tmp.dir, clock, trustedSigners: [alice.address] })
    expect(reader.size()).toBe(0)
    await writer.append([entry(0), entry(1)])
    await writer.seal()
    expect(reader.size()).toBe(2)
    expect(reader.latestBlock()?.treeSize).toBe(2)
    appendFileSync(join(tmp.dir, 'entries.ndjson'), '{"torn')
    expect(reader.size()).toBe(2)
    expect(readFileSync(join(tmp.dir, 'entries.ndjson'), 'utf8').endsWith('{"torn')).toBe(true)
    await reader.close()
    await writer.close()
  })

  it('reopens a long ledger by streaming its files and proves exactly as before', async () => {
    const ledger = openEmbeddedLedger({ dir: tmp.dir, signer: alice, clock, blockMaxEntries: 1000, fsync: false })
    for (let i = 0; i < 10_000; i += 333) await ledger.append(Array.from({ length: Math.min(333, 10_000 - i) }, (_, k) => entry(i + k)))
    await ledger.seal()
    await ledger.append([entry(10_000)])
    const picks = [0, 4095, 4096, 8191, 9_999]
    const before = picks.map((i) => ledger.inclusionProof(i))
    const consistency = ledger.consistencyProof(3000, 10_000)
    await ledger.close()
    const again = openEmbeddedLedger({ dir: tmp.dir, signer: alice, clock, fsync: false })
    expect(again.size()).toBe(10_001)
    expect(picks.map((i) => again.inclusionProof(i))).toEqual(before)
    expect(again.consistencyProof(3000, 10_000)).toEqual(consistency)
    expect(again.entry(4096)).toEqual(entry(4096))
    expect([...again.entries(4094, 4098)].map((e) => e.entry)).toEqual([4094, 4095, 4096, 4097].map(entry))
    await again.close()
  })
})
