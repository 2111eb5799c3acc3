import { sha256 } from '@noble/hashes/sha2.js'
import { LevelBlockstore } from 'blockstore-level'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 as mfSha256 } from 'multiformats/hashes/sha2'
import { join } from 'node:path'
import { createHeliaBodyStore } from '../../src/adapters/helia/index.ts'
import { MerkleTree, leafHash } from '../../src/core/merkle/index.ts'
import { systemRng } from '../../src/ports/clock.ts'
import { tempDir } from '../support/data.ts'
import { paired, size } from './harness.ts'
import type { BenchResult } from './harness.ts'

/** merkle.append: leaves appended to the tree vs raw SHA-256 of the same leaves. */
export async function merkleAppend (): Promise<BenchResult> {
  const leaves = Array.from({ length: size(50_000, 2_000) }, (_, i) => new TextEncoder().encode(`{"type":"RecordAnchored","recordId":"${i}","version":1,"cid":"bafkreib${'x'.repeat(50)}","actor":"account:1","time":${i}}`))
  const { baselineMs, subjectMs } = await paired(5, () => { for (const l of leaves) sha256(l) }, () => {
    const tree = new MerkleTree()
    for (const l of leaves) tree.append(leafHash(l))
    tree.root()
  })
  const value = leaves.length / (subjectMs / 1000)
  const baseline = leaves.length / (baselineMs / 1000)
  const ratio = value / baseline
  return { name: 'merkle.append', value, unit: 'leaves/s', baseline, ratio, target: 'ratio >= 0.5', met: ratio >= 0.5 }
}

/** bodystore.put: 1.5 KB bodies through the Helia BodyStore vs raw level putMany of the same blocks. */
export async function bodystorePut (): Promise<BenchResult> {
  const n = size(5_000, 300)
  const tmp = tempDir('medledger-bench-')
  try {
    const bodies = (): Uint8Array[] => { return Array.from({ length: n }, () => systemRng.bytes(1536)) }
    const store = await createHeliaBodyStore({ dir: join(tmp.dir, 'helia') })
    const level = new LevelBlockstore(join(tmp.dir, 'level'))
    await level.open()
    let nextB: Uint8Array[] = bodies()
    let nextS: Uint8Array[] = bodies()
    const { baselineMs, subjectMs } = await paired(4, async () => {
      const pairs = await Promise.all(nextB.map(async (b) => ({ cid: CID.createV1(raw.code, await mfSha256.digest(b)), bytes: b })))
      await drain(level.putMany(pairs))
      nextB = bodies()
    }, async () => {
      await store.putMany(nextS)
      nextS = bodies()
    })
    await store.close()
    await level.close()
    const value = n / (subjectMs / 1000)
    const baseline = n / (baselineMs / 1000)
    const ratio = value / baseline
    return { name: 'bodystore.put', value, unit: 'blocks/s', baseline, ratio, target: 'ratio >= 0.5', met: ratio >= 0.5 }
  } finally {
    tmp.cleanup()
  }
}

async function drain (it: AsyncIterable<unknown> | Iterable<unknown>): Promise<void> {
  for await (const _ of it) { /* consume */ }
}
