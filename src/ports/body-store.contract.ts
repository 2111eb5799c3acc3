/**
 * The contract every {@link BodyStore} passes (adapters and in-memory fakes alike):
 * `bodyStoreContract('helia', makeStore)` from a `*.test.ts` file.
 */
import { unixfs } from '@helia/unixfs'
import { CarReader } from '@ipld/car/reader'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { equals } from 'multiformats/bytes'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { isError } from '../core/errors.ts'
import type { BodyStore } from './body-store.ts'

/** A fresh, empty store and how to dispose of it (close it, remove its files). */
export type MakeBodyStore = () => Promise<{ store: BodyStore, cleanup: () => Promise<void> }>

const MiB = 1_048_576

/**
 * CIDs of `patternBody(n)` from @helia/unixfs 8 `addBytes` defaults (CIDv1, sha2-256, raw leaves,
 * 1 MiB fixed-size chunks, balanced layout): the layout every adapter must reproduce, so a body
 * anchored on the ledger has one CID whichever store holds it. Generated once with
 * `unixfs({ blockstore: new MemoryBlockstore() }).addBytes(patternBody(n))`.
 */
const PATTERN_VECTORS: Array<[bytes: number, cid: string]> = [
  [MiB, 'bafkreiaf6bf6vqn7bgbphymmziqbk5wqs5rl3ay5e4dyod5z665iv3duxa'],
  [MiB + 1, 'bafybeifspixbtm65hczrkr22kmjxek4nzhqjixmdkka2x4pqauvdu52kmq'],
  [3 * MiB, 'bafybeifxgcgzdfognzfe7znumfub3zm2efi6n5sbrecuy7qvr4tv4rp6s4']
]

/** Deterministic, non-repeating-per-chunk test bytes (`salt` varies small bodies). */
export function patternBody (n: number, salt = 0): Uint8Array {
  const bytes = new Uint8Array(n)
  for (let i = 0; i < n; i++) bytes[i] = (i * 31 + (i >>> 16) + salt) % 251
  return bytes
}

/** Defines the BodyStore contract tests for `name`; each test gets its own store from `makeStore`. */
export function bodyStoreContract (name: string, makeStore: MakeBodyStore): void {
  describe(`BodyStore contract: ${name}`, () => {
    let store: BodyStore
    let cleanup: () => Promise<void>

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore())
    })
    afterEach(async () => {
      await cleanup()
    })

    it('round-trips a small body as one raw CIDv1 (sha2-256) block', async () => {
      const body = patternBody(1500)
      const cid = await store.put(body)
      expect(cid.equals(CID.createV1(raw.code, await sha256.digest(body)))).toBe(true)
      expectBytes(await store.get(cid), body)
    })

    it('put is idempotent', async () => {
      const body = patternBody(2048, 1)
      const first = await store.put(body)
      const second = await store.put(body)
      expect(second.equals(first)).toBe(true)
      expectBytes(await store.get(first), body)
    })

    it('putMany returns CIDs in input order, equal to put, duplicates and empty bodies included', async () => {
      const bodies = [patternBody(1500, 2), patternBody(10, 3), new Uint8Array(0), patternBody(1500, 2), patternBody(MiB + 1)]
      const cids = await store.putMany(bodies)
      expect(cids).toHaveLength(bodies.length)
      for (const [i, body] of bodies.entries()) {
        expect(cids[i]!.equals(await store.put(body))).toBe(true)
        expectBytes(await store.get(cids[i]!), body)
      }
      expect(await store.putMany([])).toEqual([])
    })

    it('a CID never stored reads as BODY_NOT_FOUND, without waiting on a network', { timeout: 5_000 }, async () => {
      const cid = CID.createV1(raw.code, await sha256.digest(patternBody(64, 4)))
      expect(await store.has(cid)).toBe(false)
      const err = await store.get(cid).catch((e: unknown) => e)
      expect(isError(err, 'BODY_NOT_FOUND')).toBe(true)
    })

    it('has is true once a body is stored', async () => {
      const body = patternBody(100, 5)
      const cid = CID.createV1(raw.code, await sha256.digest(body))
      expect(await store.has(cid)).toBe(false)
      await store.put(body)
      expect(await store.has(cid)).toBe(true)
    })

    it('round-trips bodies at and over the chunk size with the shared unixfs layout', async () => {
      for (const [n, expected] of PATTERN_VECTORS) {
        const body = patternBody(n)
        const cid = await store.put(body)
        expect(cid.toString()).toBe(expected)
        expect(await store.has(cid)).toBe(true)
        expectBytes(await store.get(cid), body)
      }
    })

    it('exports a CARv1 whose roots are the CIDs and whose blocks rebuild every body', async () => {
      const small = patternBody(1500, 6)
      const large = patternBody(3 * MiB)
      const roots = [await store.put(small), await store.put(large)]
      const chunks: Uint8Array[] = []
      await store.exportCar(roots, (chunk) => { chunks.push(chunk) })
      const reader = await CarReader.fromBytes(joinChunks(chunks))

      expect(reader.version).toBe(1)
      expect((await reader.getRoots()).map(String)).toEqual(roots.map(String))
      for await (const { cid, bytes } of reader.blocks()) {
        expect(cid.multihash.code).toBe(sha256.code)
        expect(equals((await sha256.digest(bytes)).digest, cid.multihash.digest)).toBe(true)
      }
      expectBytes((await reader.get(roots[0]!))?.bytes, small)
      expectBytes(await catFromCar(reader, roots[1]!), large)
    })

    it('exportCar of a CID never stored fails with BODY_NOT_FOUND', async () => {
      const missing = CID.createV1(raw.code, await sha256.digest(patternBody(64, 7)))
      const err = await store.exportCar([missing], () => {}).catch((e: unknown) => e)
      expect(isError(err, 'BODY_NOT_FOUND')).toBe(true)
    })

    it('rejects an already aborted signal', async () => {
      const signal = AbortSignal.abort()
      const cid = await store.put(patternBody(10, 8))
      await expect(store.put(patternBody(10, 9), { signal })).rejects.toMatchObject({ name: 'AbortError' })
      await expect(store.putMany([patternBody(10, 9)], { signal })).rejects.toMatchObject({ name: 'AbortError' })
      await expect(store.get(cid, { signal })).rejects.toMatchObject({ name: 'AbortError' })
    })

    it('rejects arguments of the wrong type with TypeError', async () => {
      await expect(store.put('not bytes' as unknown as Uint8Array)).rejects.toBeInstanceOf(TypeError)
      await expect(store.get('bafkrei' as unknown as CID)).rejects.toBeInstanceOf(TypeError)
    })
  })
}

/** Byte equality without vitest's element-by-element deep equal (slow on MiB bodies). */
function expectBytes (actual: Uint8Array | undefined, expected: Uint8Array): void {
  expect(actual).toBeInstanceOf(Uint8Array)
  expect(actual!.byteLength).toBe(expected.byteLength)
  expect(equals(actual!, expected)).toBe(true)
}

function joinChunks (chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0))
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

/** Reassembles a unixfs file using only the CAR's blocks. */
async function catFromCar (reader: CarReader, root: CID): Promise<Uint8Array> {
  const fs = unixfs({
    blockstore: {
      async * get (cid) {
        const block = await reader.get(cid)
        if (block === undefined) throw new Error(`block ${cid.toString()} missing from CAR`)
        yield block.bytes
      },
      has: async (cid) => reader.has(cid),
      put: async () => { throw new Error('read only') }
    }
  })
  const chunks: Uint8Array[] = []
  for await (const chunk of fs.cat(root)) chunks.push(chunk)
  return joinChunks(chunks)
}
