/**
 * `verify` from a fresh cluster node: a data folder's records were written by the spine;
 * its bodies live only on another node's process. verifyDataDir, reading bodies through a fresh cluster store
 * that holds nothing, passes by fetching every body over bitswap; with that node gone it reports each body
 * as BODY_UNAVAILABLE instead of passing.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClusterBodyStore, openPostgresPinSet } from '../../src/adapters/helia-cluster/index.ts'
import type { ClusterBodyStore } from '../../src/adapters/helia-cluster/index.ts'
import type { PinSet } from '../../src/ports/pin-set.ts'
import { openDataDir } from '../../src/spine/data-dir.ts'
import { verifyDataDir } from '../../src/spine/verify.ts'
import { testDatabase } from '../support/postgres.ts'
import { patientKeys, syntheaSample, tempDir } from '../support/data.ts'
import { planCluster, startNode, stopNode } from './body-nodes.ts'
import type { BodyNode, PlannedNode } from './body-nodes.ts'

describe('verify from a fresh cluster node', () => {
  const tmp = tempDir('medledger-body-verify-')
  let db: Awaited<ReturnType<typeof testDatabase>>
  let pinSet: PinSet
  const stores: ClusterBodyStore[] = []
  const dirs: string[] = []
  let holder: BodyNode | undefined
  beforeAll(async () => {
    db = await testDatabase()
    pinSet = await openPostgresPinSet({ url: db.url })
  })
  afterAll(async () => {
    if (holder !== undefined) await stopNode(holder)
    await Promise.all(stores.map(async (s) => s.close()))
    await pinSet.close()
    await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
    await db.drop()
    tmp.cleanup()
  })

  async function freshStore (plan: PlannedNode, peers: Array<{ peerId: string, addr: string }>, readTimeoutMs: number): Promise<ClusterBodyStore> {
    const dir = await mkdtemp(join(tmpdir(), 'medledger-fresh-node-'))
    dirs.push(dir)
    const store = await createClusterBodyStore({
      dir, privateKey: privateKeyFromProtobuf(Buffer.from(plan.key, 'hex')), listen: plan.peer.addr, peers, pinSet, readTimeoutMs, dialOnStart: false
    })
    stores.push(store)
    return store
  }

  it('passes by fetching every body over bitswap, and names the bodies it cannot reach', { timeout: 90_000 }, async () => {
    // a data folder written by the spine (embedded store), then closed
    const data = await openDataDir(tmp.dir, { fsync: false })
    const rows = await data.spine.write(syntheaSample().slice(0, 12).map((resource) => ({ patient: patientKeys('alice'), resource })), { actor: 'hospital-1' })
    await data.spine.flush()
    await data.close()
    const cids = [...new Set(rows.map((r) => r.cid))].map((c) => CID.parse(c))

    // node H serves the folder's blockstore in its own process; the pin set names it as the only holder
    const { nodes, peers } = await planCluster(['H', 'F', 'G'])
    holder = await startNode(nodes[0]!, peers, { dir: join(tmp.dir, 'ipfs'), pinSetUrl: db.url, replicas: 1 })
    await pinSet.addHolders(cids, [holder.peerId], 1)

    // a fresh node F holds nothing; verify reads every body through it
    const fresh = await freshStore(nodes[1]!, peers, 10_000)
    expect((await Promise.all(cids.map(async (c) => fresh.has(c)))).some(Boolean)).toBe(false)
    const report = await verifyDataDir(tmp.dir, { bodies: fresh })
    expect(report.problems).toEqual([])
    expect(report).toMatchObject({ ok: true, records: rows.length })
    expect((await Promise.all(cids.map(async (c) => fresh.has(c)))).every(Boolean)).toBe(true)

    // H gone: another fresh node cannot reach any body, and verify says so, body by body
    holder.child.kill('SIGKILL')
    await holder.exited
    holder = undefined
    const cutOff = await freshStore(nodes[2]!, peers, 1_500)
    const failed = await verifyDataDir(tmp.dir, { bodies: cutOff })
    expect(failed.ok).toBe(false)
    expect(failed.problems.map((p) => p.code)).toEqual(rows.map(() => 'BODY_UNAVAILABLE'))
  })
})
