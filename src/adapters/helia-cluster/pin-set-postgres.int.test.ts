import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isError } from '../../core/errors.ts'
import { bodyStoreContract, patternBody } from '../../ports/body-store.contract.ts'
import type { PinSet } from '../../ports/pin-set.ts'
import { freePort, testDatabase } from '../../../test/support/postgres.ts'
import { createClusterBodyStore } from './cluster-body-store.ts'
import { migrate, openPostgresPinSet } from './pin-set-postgres.ts'

const cid = async (n: number): Promise<CID> => CID.createV1(raw.code, await sha256.digest(patternBody(32, n)))

describe('PostgreSQL pin set', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>
  let pins: PinSet
  beforeAll(async () => {
    db = await testDatabase()
    pins = await openPostgresPinSet({ url: db.url })
  })
  afterAll(async () => {
    await pins.close()
    await pins.close() // harmless twice
    await db.drop()
  })

  it('migrates once, from many openers at a time', async () => {
    const more = await Promise.all([1, 2, 3].map(async () => openPostgresPinSet({ url: db.url })))
    await Promise.all(more.map(async (p) => p.close()))
    const pool = new pg.Pool({ connectionString: db.url })
    try {
      expect(await migrate(pool)).toBe(1)
      expect((await pool.query('SELECT version FROM body_pinset_migrations')).rows).toEqual([{ version: 1 }])
    } finally {
      await pool.end()
    }
  })

  it('records holders idempotently and finds pins under-replicated among live peers', async () => {
    const [c1, c2, c3] = [await cid(1), await cid(2), await cid(3)]
    await pins.addHolders([c1, c2], ['A', 'B'], 2)
    await pins.addHolders([c1, c2], ['A', 'B'], 2)
    await pins.addHolders([c3], ['C'], 2)
    const records = await pins.records([c1, c3, await cid(9)])
    expect(records.map((r) => [r.cid.toString(), r.replicas, [...r.holders].sort()]).sort()).toEqual([
      [c1.toString(), 2, ['A', 'B']], [c3.toString(), 2, ['C']]].sort())
    // all live: only c3 (one holder) is short
    expect((await pins.underReplicated(['A', 'B', 'C'], 10)).map((r) => r.cid.toString())).toEqual([c3.toString()])
    // A is gone: c1 and c2 are short too, and their record names only the live holder
    const short = await pins.underReplicated(['B', 'C'], 10)
    expect(short.map((r) => r.cid.toString()).sort()).toEqual([c1, c2, c3].map(String).sort())
    expect(short.find((r) => r.cid.equals(c1))!.holders).toEqual(['B'])
    expect(await pins.underReplicated(['B', 'C'], 1)).toHaveLength(1)
    await expect(pins.addHolders([c1], ['A'], 0)).rejects.toBeInstanceOf(RangeError)
  })
})

// the cluster store is a BodyStore like any other: one node, R = 1, its pin set on PostgreSQL
let contractDb: Awaited<ReturnType<typeof testDatabase>> | undefined
bodyStoreContract('helia-cluster (one node, R = 1, PostgreSQL pin set)', async () => {
  contractDb ??= await testDatabase()
  const dir = await mkdtemp(join(tmpdir(), 'medledger-cluster-contract-'))
  const key = await generateKeyPair('Ed25519')
  const peer = { peerId: peerIdFromPrivateKey(key).toString(), addr: `/ip4/127.0.0.1/tcp/${await freePort()}` }
  const pinSet = await openPostgresPinSet({ url: contractDb.url })
  const store = await createClusterBodyStore({ dir, privateKey: key, listen: peer.addr, peers: [peer], pinSet, replicas: 1 })
  return {
    store,
    async cleanup () {
      await store.close()
      await pinSet.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
})

describe('cluster store with its peer down', () => {
  it('R = 2: REPLICATION_FAILED yet pinned here; the background repair job copies it once the peer is up', { timeout: 30_000 }, async () => {
    const db = await testDatabase()
    const [dirX, dirY] = [await mkdtemp(join(tmpdir(), 'medledger-cluster-x-')), await mkdtemp(join(tmpdir(), 'medledger-cluster-y-'))]
    const [keyX, keyY] = [await generateKeyPair('Ed25519'), await generateKeyPair('Ed25519')]
    const x = { peerId: peerIdFromPrivateKey(keyX).toString(), addr: `/ip4/127.0.0.1/tcp/${await freePort()}` }
    const y = { peerId: peerIdFromPrivateKey(keyY).toString(), addr: `/ip4/127.0.0.1/tcp/${await freePort()}` }
    const [pinsX, pinsY] = [await openPostgresPinSet({ url: db.url }), await openPostgresPinSet({ url: db.url })]
    const storeX = await createClusterBodyStore({ dir: dirX, privateKey: keyX, listen: x.addr, peers: [x, y], pinSet: pinsX, replicas: 2, replicateTimeoutMs: 2_000 })
    let storeY: Awaited<ReturnType<typeof createClusterBodyStore>> | undefined
    try {
      await expect(createClusterBodyStore({ dir: dirY, privateKey: keyY, listen: y.addr, peers: [x, y], pinSet: pinsY, repairEveryMs: 5 })).rejects.toBeInstanceOf(RangeError)
      const body = patternBody(300, 77)
      const cid = CID.createV1(raw.code, await sha256.digest(body))
      const err = await storeX.put(body).catch((e: unknown) => e)
      expect(isError(err, 'REPLICATION_FAILED')).toBe(true)
      expect((await pinsX.records([cid]))[0]).toMatchObject({ replicas: 2, holders: [x.peerId] })
      expect(await storeX.repair()).toEqual({ underReplicated: 1, copied: 0, remaining: 1 }) // nowhere to copy to

      // Y comes up and runs the repair job: it finds the pin short among live nodes and takes a copy from X
      storeY = await createClusterBodyStore({ dir: dirY, privateKey: keyY, listen: y.addr, peers: [x, y], pinSet: pinsY, repairEveryMs: 200 })
      for (let i = 0; i < 100 && (await pinsX.records([cid]))[0]!.holders.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 100))
      expect([...(await pinsX.records([cid]))[0]!.holders].sort()).toEqual([x.peerId, y.peerId].sort())
      expect(await storeY.has(cid)).toBe(true)
    } finally {
      await storeY?.close()
      await storeX.close()
      await Promise.all([pinsX.close(), pinsY.close()])
      await Promise.all([dirX, dirY].map(async (d) => rm(d, { recursive: true, force: true })))
      await db.drop()
    }
  })
})

afterAll(async () => { await contractDb?.drop() })
