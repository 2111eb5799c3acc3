import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unixfs } from '@helia/unixfs'
import { LevelBlockstore } from 'blockstore-level'
import { createHeliaLight } from 'helia'
import { equals } from 'multiformats/bytes'
import { afterEach, describe, expect, it } from 'vitest'
import { isError } from '../../core/errors.ts'
import { bodyStoreContract, patternBody } from '../../ports/body-store.contract.ts'
import type { BodyStore } from '../../ports/body-store.ts'
import { createHeliaBodyStore } from './index.ts'
import { levelBlockKey, rawCid } from './raw-block.ts'

const MiB = 1_048_576

async function tempDir (): Promise<string> {
  return mkdtemp(join(tmpdir(), 'medledger-helia-'))
}

bodyStoreContract('helia (LevelDB on disk)', async () => {
  const dir = await tempDir()
  const store = await createHeliaBodyStore({ dir })
  return {
    store,
    async cleanup () {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
})

/** Rewrites blocks behind the store's back: opens `${dir}/blocks` directly while the store is closed. */
async function withRawBlocks (dir: string, edit: (blocks: LevelBlockstore) => Promise<void>): Promise<void> {
  const blocks = new LevelBlockstore(join(dir, 'blocks'))
  await blocks.open()
  try {
    await edit(blocks)
  } finally {
    await blocks.close()
  }
}

describe('createHeliaBodyStore', () => {
  const dirs: string[] = []
  const open: BodyStore[] = []
  async function fresh (): Promise<{ dir: string, store: BodyStore }> {
    const dir = await tempDir()
    dirs.push(dir)
    const store = await createHeliaBodyStore({ dir })
    open.push(store)
    return { dir, store }
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map(async (s) => s.close()))
    await Promise.all(dirs.splice(0).map(async (d) => rm(d, { recursive: true, force: true })))
  })

  it('gives a small body the CID unixfs.addBytes gives it', async () => {
    const { store } = await fresh()
    const reference = createHeliaLight()
    const body = patternBody(1500, 11)
    const expected = await unixfs(reference).addBytes(body)
    expect((await store.put(body)).equals(expected)).toBe(true)
    expect((await store.putMany([body]))[0]!.equals(expected)).toBe(true)
  })

  it('throws CID_MISMATCH when a stored raw block was altered on disk', async () => {
    const { dir, store } = await fresh()
    const cid = await store.put(patternBody(1500, 12))
    await store.close()
    await withRawBlocks(dir, async (blocks) => { await blocks.put(cid, patternBody(1500, 13)) })

    const reopened = await createHeliaBodyStore({ dir })
    open.push(reopened)
    expect(await reopened.has(cid)).toBe(true)
    expect(isError(await reopened.get(cid).catch((e: unknown) => e), 'CID_MISMATCH')).toBe(true)
    expect(isError(await reopened.exportCar([cid], () => {}).catch((e: unknown) => e), 'CID_MISMATCH')).toBe(true)
  })

  it('throws CID_MISMATCH when a leaf of a large body was altered on disk', async () => {
    const { dir, store } = await fresh()
    const body = patternBody(3 * MiB, 18)
    const root = await store.put(body)
    await store.close()
    const leaf = await rawCid(body.subarray(MiB, 2 * MiB)) // leaves are the raw 1 MiB chunks
    await withRawBlocks(dir, async (blocks) => { await blocks.put(leaf, patternBody(MiB, 19)) })

    const reopened = await createHeliaBodyStore({ dir })
    open.push(reopened)
    expect(isError(await reopened.get(root).catch((e: unknown) => e), 'CID_MISMATCH')).toBe(true)
    expect(isError(await reopened.exportCar([root], () => {}).catch((e: unknown) => e), 'CID_MISMATCH')).toBe(true)
  })

  it('throws BODY_NOT_FOUND when a leaf of a large body is missing', { timeout: 5_000 }, async () => {
    const { dir, store } = await fresh()
    const body = patternBody(3 * MiB, 20)
    const root = await store.put(body)
    await store.close()
    await withRawBlocks(dir, async (blocks) => { await blocks.delete(await rawCid(body.subarray(2 * MiB))) })

    const reopened = await createHeliaBodyStore({ dir })
    open.push(reopened)
    expect(await reopened.has(root)).toBe(true)
    expect(isError(await reopened.get(root).catch((e: unknown) => e), 'BODY_NOT_FOUND')).toBe(true)
  })

  it('putMany writes one batch under the keys blockstore-level itself uses, and rewriting is harmless', async () => {
    const { dir, store } = await fresh()
    const bodies = Array.from({ length: 40 }, (_, i) => patternBody(1536, 100 + i))
    const cids = await store.putMany(bodies)
    expect(await store.putMany([bodies[3]!, bodies[3]!])).toEqual([cids[3], cids[3]])
    await store.close()
    await withRawBlocks(dir, async (blocks) => {
      const keys = new Set<string>()
      for await (const key of blocks.db.keys()) keys.add(key)
      expect(keys).toEqual(new Set(cids.map(levelBlockKey)))
      for (const [i, cid] of cids.entries()) {
        const chunks: Uint8Array[] = []
        for await (const chunk of blocks.get(cid)) chunks.push(chunk)
        expect(equals(Buffer.concat(chunks), bodies[i]!)).toBe(true)
      }
    })
  })

  it('keeps bodies across close and reopen of the same directory', async () => {
    const { dir, store } = await fresh()
    const bodies = [patternBody(1500, 14), patternBody(2 * MiB, 15)]
    const cids = await store.putMany(bodies)
    await store.close()
    await store.close() // idempotent

    const reopened = await createHeliaBodyStore({ dir })
    open.push(reopened)
    for (const [i, cid] of cids.entries()) expect(equals(await reopened.get(cid), bodies[i]!)).toBe(true)
  })

  it('round-trips a 3 MiB body as a unixfs (dag-pb) file', async () => {
    const { store } = await fresh()
    const body = patternBody(3 * MiB, 16)
    const cid = await store.put(body)
    expect(cid.version).toBe(1)
    expect(cid.code).toBe(0x70) // dag-pb
    expect(equals(await store.get(cid), body)).toBe(true)
  })

  it('stops the export and rethrows when the sink fails, and stays usable', { timeout: 10_000 }, async () => {
    const { store } = await fresh()
    const cid = await store.put(patternBody(3 * MiB, 17))
    const boom = new Error('sink full')
    let calls = 0
    const err = await store.exportCar([cid], () => { calls++; throw boom }).catch((e: unknown) => e)
    expect(err).toBe(boom)
    expect(calls).toBe(1)
    expect((await store.get(cid)).byteLength).toBe(3 * MiB)
  })

  it('refuses networking and a directory another store holds open', async () => {
    const { dir } = await fresh()
    await expect(createHeliaBodyStore({ dir, networking: true as unknown as false })).rejects.toBeInstanceOf(RangeError)
    await expect(createHeliaBodyStore({ dir: '' })).rejects.toBeInstanceOf(TypeError)
    await expect(createHeliaBodyStore({ dir })).rejects.toThrow()
  })
})
