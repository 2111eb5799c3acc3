import { freePort, startPostgresProcess } from '../support/postgres-server.ts'
import { planCluster, startNode, stopNode, tempDirs } from '../cluster/body-nodes.ts'
import type { BodyNode } from '../cluster/body-nodes.ts'
import { patternBody } from '../../src/ports/body-store.contract.ts'
import { QUICK, size } from './harness.ts'
import type { BenchResult } from './harness.ts'

/** Bodies per batch (the importer's batch size) and each body's size (a typical sealed FHIR resource). */
const BATCH = QUICK ? 64 : 256
const BODY_BYTES = 1_536

let salt = 0
function batch (): string[] {
  salt += BATCH
  return Array.from({ length: BATCH }, (_, i) => Buffer.from(patternBody(BODY_BYTES, salt + i)).toString('base64'))
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/**
 * bodystore.put.replicated and bodystore.get.remote, on three cluster node processes (body-node.ts) on
 * loopback sharing a PostgreSQL pin set. Times are taken inside the node processes (no IPC in them).
 * - put.replicated: bodies/s of putMany with R = 2 (written on W, pinned by P over bitswap, holders recorded)
 *   against R = 1 on L (written locally, holder recorded), batches interleaved;
 * - get.remote: bodies/s of L reading a batch it does not hold (bitswap from W and P, re-hashed, stored)
 *   against W reading the same batch locally.
 */
export async function bodyBenches (): Promise<BenchResult[]> {
  const rounds = size(10, 2)
  const server = startPostgresProcess({ port: await freePort(), durable: true })
  const dirs = await tempDirs()
  const nodes: BodyNode[] = []
  try {
    await server.ready
    const { nodes: plan, peers } = await planCluster(['W', 'P', 'L'])
    const [w, p, l] = plan as [typeof plan[number], typeof plan[number], typeof plan[number]]
    nodes.push(await startNode(w, peers, { dir: await dirs.make(), pinSetUrl: server.url, replicas: 2 }))
    nodes.push(await startNode(p, peers, { dir: await dirs.make(), pinSetUrl: server.url, replicas: 2 }))
    nodes.push(await startNode(l, peers, { dir: await dirs.make(), pinSetUrl: server.url, replicas: 1 }))
    const [writer, , local] = nodes as [BodyNode, BodyNode, BodyNode]

    const putLocal: number[] = []
    const putReplicated: number[] = []
    const getLocal: number[] = []
    const getRemote: number[] = []
    await local.call('putMany', { bodies: batch() }) // warm-up: connections, pin set pool, JIT
    await writer.call('putMany', { bodies: batch() })
    for (let i = 0; i < rounds; i++) {
      putLocal.push((await local.call<{ ms: number }>('putMany', { bodies: batch() })).ms)
      const written = await writer.call<{ cids: string[], ms: number }>('putMany', { bodies: batch() })
      putReplicated.push(written.ms)
      getLocal.push((await writer.call<{ ms: number }>('get', { cids: written.cids })).ms)
      const remote = await local.call<{ ms: number, bodies: Array<{ error?: unknown }> }>('get', { cids: written.cids })
      if (remote.bodies.some((b) => b.error !== undefined)) throw new Error('bodystore.get.remote: a remote read failed')
      getRemote.push(remote.ms)
    }
    const rate = (ms: number): number => BATCH / (ms / 1000)
    const put = { value: rate(median(putReplicated)), baseline: rate(median(putLocal)) }
    const get = { value: rate(median(getRemote)), baseline: rate(median(getLocal)) }
    return [
      {
        name: 'bodystore.put.replicated',
        ...put,
        unit: `bodies/s, R = 2 over two node processes (baseline: R = 1, local), batches of ${BATCH} × ${BODY_BYTES} B`,
        ratio: put.value / put.baseline,
        target: 'ratio >= 0.5',
        met: put.value / put.baseline >= 0.5
      },
      {
        name: 'bodystore.get.remote',
        ...get,
        unit: `bodies/s, bitswap from peers (baseline: local read), batches of ${BATCH} × ${BODY_BYTES} B`,
        ratio: get.value / get.baseline,
        target: 'ratio reported (>= 0.05)',
        met: get.value / get.baseline >= 0.05
      }
    ]
  } finally {
    await Promise.all(nodes.map(stopNode))
    await dirs.cleanup()
    await server.stop()
  }
}
