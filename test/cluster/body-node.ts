/**
 * One cluster body node in its own process (cluster tests and benches): a ClusterBodyStore on the
 * PostgreSQL pin set, driven by JSON lines on stdin, answering JSON lines on stdout.
 * Env: NODE_DIR, NODE_KEY (hex protobuf Ed25519 private key), NODE_LISTEN, NODE_PEERS (JSON ClusterPeer[]),
 * PINSET_URL, REPLICAS, READ_TIMEOUT_MS, DIAL_ON_START ('0' to not dial).
 */
import { createInterface } from 'node:readline'
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { CID } from 'multiformats/cid'
import { createClusterBodyStore, openPostgresPinSet } from '../../src/adapters/helia-cluster/index.ts'
import type { ClusterPeer } from '../../src/adapters/helia-cluster/index.ts'
import { MedledgerError } from '../../src/core/errors.ts'

const env = process.env
const pinSet = await openPostgresPinSet({ url: env.PINSET_URL! })
const store = await createClusterBodyStore({
  dir: env.NODE_DIR!,
  privateKey: privateKeyFromProtobuf(Buffer.from(env.NODE_KEY!, 'hex')),
  listen: env.NODE_LISTEN!,
  peers: JSON.parse(env.NODE_PEERS!) as ClusterPeer[],
  pinSet,
  replicas: Number(env.REPLICAS ?? '2'),
  readTimeoutMs: Number(env.READ_TIMEOUT_MS ?? '10000'),
  dialOnStart: env.DIAL_ON_START !== '0'
})

interface Unwrappable { unwrap?: () => Unwrappable, put(cid: CID, bytes: Uint8Array): Promise<unknown> }

type Command =
  | { id: number, op: 'putMany', bodies: string[] }
  | { id: number, op: 'get', cids: string[] }
  | { id: number, op: 'has', cids: string[] }
  | { id: number, op: 'repair' }
  | { id: number, op: 'tamper', cid: string, bytes: string }

function errorOf (err: unknown): { code: string, message: string } {
  return err instanceof MedledgerError ? { code: err.code, message: err.message } : { code: err instanceof Error ? err.name : 'UNKNOWN', message: String(err) }
}

async function run (cmd: Command): Promise<unknown> {
  switch (cmd.op) {
    case 'putMany': {
      const t0 = performance.now()
      const cids = await store.putMany(cmd.bodies.map((b) => Buffer.from(b, 'base64')))
      return { cids: cids.map(String), ms: performance.now() - t0 }
    }
    case 'get': {
      const t0 = performance.now()
      const bodies = await Promise.all(cmd.cids.map(async (c) => {
        try { return { bytes: Buffer.from(await store.get(CID.parse(c))).toString('base64') } } catch (err) { return { error: errorOf(err) } }
      }))
      return { bodies, ms: performance.now() - t0 }
    }
    case 'has':
      return { has: await Promise.all(cmd.cids.map(async (c) => store.has(CID.parse(c)))) }
    case 'repair':
      return await store.repair()
    case 'tamper': {
      // rewrites a stored block behind the store's back: same key, other bytes
      // (on the LevelDB store under Helia's wrappers, as a disk fault or a malicious operator would)
      let blocks = store.helia.blockstore as unknown as Unwrappable
      while (typeof blocks.unwrap === 'function') blocks = blocks.unwrap()
      await blocks.put(CID.parse(cmd.cid), Buffer.from(cmd.bytes, 'base64'))
      return {}
    }
  }
}

process.stdout.write(`${JSON.stringify({ ready: true, peerId: store.peerId })}\n`)
const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  const cmd = JSON.parse(line) as Command
  run(cmd).then(
    (result) => { process.stdout.write(`${JSON.stringify({ id: cmd.id, result })}\n`) },
    (err: unknown) => { process.stdout.write(`${JSON.stringify({ id: cmd.id, error: errorOf(err) })}\n`) })
})
lines.on('close', () => {
  void (async () => {
    await store.close()
    await pinSet.close()
    process.exit(0)
  })()
})
