/**
 * Bodies across a cluster: Helia nodes in separate processes on loopback, libp2p TCP
 * with noise and yamux, bitswap, the pin set on a real PostgreSQL. A batch written through A with R = 2 is
 * readable from C; after SIGKILL of A every acknowledged body is still readable; repair restores R holders;
 * a fresh node reads everything over bitswap; a tampered copy is refused and the body fetched elsewhere.
 */
import { createHash } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { patternBody } from '../../src/ports/body-store.contract.ts'
import { testDatabase } from '../support/postgres.ts'
import { planCluster, startNode, stopNode, tempDirs } from './body-nodes.ts'
import type { BodyNode, PlannedNode } from './body-nodes.ts'

const MiB = 1_048_576
type Got = { bodies: Array<{ bytes?: string, error?: { code: string } }> }

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64')
const sha = (b: string): string => createHash('sha256').update(Buffer.from(b, 'base64')).digest('hex')

describe('body cluster: three Helia processes on loopback, R = 2', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>
  let dirs: Awaited<ReturnType<typeof tempDirs>>
  const running: BodyNode[] = []
  let plan: { nodes: PlannedNode[], peers: Array<{ peerId: string, addr: string }> }
  let sql: pg.Client

  beforeAll(async () => {
    db = await testDatabase()
    dirs = await tempDirs()
    plan = await planCluster(['A', 'B', 'C', 'D', 'E'])
    sql = new pg.Client({ connectionString: db.url })
    await sql.connect()
  })
  afterAll(async () => {
    await Promise.all(running.map(stopNode))
    await sql?.end()
    await dirs?.cleanup()
    await db?.drop()
  })

  async function start (name: string, extra: { readTimeoutMs?: number, dialOnStart?: boolean } = {}): Promise<BodyNode> {
    const node = await startNode(plan.nodes.find((n) => n.name === name)!, plan.peers, { dir: await dirs.make(), pinSetUrl: db.url, ...extra })
    running.push(node)
    return node
  }

  async function holders (cid: string): Promise<string[]> {
    const { rows } = await sql.query<{ peer: string }>('SELECT peer FROM body_holders WHERE cid = $1 ORDER BY peer', [cid])
    return rows.map((r) => r.peer)
  }

  it('replicates, survives SIGKILL, repairs, serves a fresh node and refuses a tampered copy', async () => {
    // A, B, C up; the pin set's tables come from the first node's migration
    const [a, b, c] = [await start('A'), await start('B'), await start('C')]
    const bodies = [...Array.from({ length: 48 }, (_, i) => patternBody(700 + i * 13, i)), patternBody(2 * MiB + 5, 99)]
    const { cids } = await a.call<{ cids: string[] }>('putMany', { bodies: bodies.map(b64) })
    expect(cids).toHaveLength(bodies.length)
    expect(cids.at(-1)!.startsWith('bafybei')).toBe(true) // the 2 MiB body is a dag-pb DAG

    // acknowledged = on two nodes, A one of them, recorded in the pin set
    for (const cid of cids) {
      const h = await holders(cid)
      expect(h).toHaveLength(2)
      expect(h).toContain(a.peerId)
    }
    const onB = await b.call<{ has: boolean[] }>('has', { cids })
    const onC = await c.call<{ has: boolean[] }>('has', { cids })
    expect(cids.every((_, i) => onB.has[i]! !== onC.has[i]!)).toBe(true) // each on exactly one of B, C

    // readable from C, byte for byte (what C lacks comes over bitswap)
    const fromC = await c.call<Got>('get', { cids })
    expect(fromC.bodies.map((x) => x.bytes === undefined ? x.error : sha(x.bytes))).toEqual(bodies.map((x) => sha(b64(x))))

    // SIGKILL A: every acknowledged body still readable from B (its own copy or C's)
    a.child.kill('SIGKILL')
    await a.exited
    const fromB = await b.call<Got>('get', { cids })
    expect(fromB.bodies.map((x) => x.bytes === undefined ? x.error : sha(x.bytes))).toEqual(bodies.map((x) => sha(b64(x))))

    // repair (run on C): every CID back to R = 2 holders among the live nodes, each copy really stored
    const report = await c.call<{ underReplicated: number, copied: number, remaining: number }>('repair')
    expect(report.underReplicated).toBe(cids.length)
    expect(report.remaining).toBe(0)
    for (const cid of cids) expect((await holders(cid)).filter((p) => p !== a.peerId).sort()).toEqual([b.peerId, c.peerId].sort())
    expect((await b.call<{ has: boolean[] }>('has', { cids })).has.every(Boolean)).toBe(true)
    expect((await c.call<{ has: boolean[] }>('has', { cids })).has.every(Boolean)).toBe(true)
    expect((await c.call<typeof report>('repair')).underReplicated).toBe(0) // idempotent

    // a write through B with A dead still reaches R = 2 (C acknowledges)
    const late = await b.call<{ cids: string[] }>('putMany', { bodies: [b64(patternBody(999, 7))] })
    expect((await holders(late.cids[0]!)).sort()).toEqual([b.peerId, c.peerId].sort())

    // verify from a fresh node D that holds nothing: every body fetched over bitswap and re-hashed
    const d = await start('D', { dialOnStart: false })
    expect((await d.call<{ has: boolean[] }>('has', { cids })).has.some(Boolean)).toBe(false)
    const fromD = await d.call<Got>('get', { cids })
    expect(fromD.bodies.map((x) => x.bytes === undefined ? x.error : sha(x.bytes))).toEqual(bodies.map((x) => sha(b64(x))))

    // tamper: C's copy of one body is rewritten. A fresh node E told (by the pin set) that only C holds it
    // never gets bytes from C: bitswap and the re-hash refuse them, and the read fails typed, naming the CID.
    const victim = cids[3]!
    await c.call('tamper', { cid: victim, bytes: b64(patternBody(bodies[3]!.byteLength, 1234)) })
    await sql.query('DELETE FROM body_holders WHERE cid = $1 AND peer = $2', [victim, b.peerId])
    const e = await start('E', { dialOnStart: false, readTimeoutMs: 3_000 })
    const refused = await e.call<Got>('get', { cids: [victim] })
    expect(refused.bodies[0]!.bytes).toBeUndefined()
    expect(refused.bodies[0]!.error).toMatchObject({ code: 'BODY_UNAVAILABLE' })
    expect((refused.bodies[0]!.error as unknown as { message: string }).message).toContain(victim)
    // with B named again, E gets the right bytes from B
    await sql.query('INSERT INTO body_holders (cid, peer) VALUES ($1, $2)', [victim, b.peerId])
    const fetched = await e.call<Got>('get', { cids: [victim] })
    expect(fetched.bodies[0]!.error).toBeUndefined()
    expect(sha(fetched.bodies[0]!.bytes!)).toBe(sha(b64(bodies[3]!)))
    // and C itself refuses its corrupt copy (CID mismatch), fetches the body from B and stores it again
    const healed = await c.call<Got>('get', { cids: [victim] })
    expect(healed.bodies[0]!.error).toBeUndefined()
    expect(sha(healed.bodies[0]!.bytes!)).toBe(sha(b64(bodies[3]!)))

    // a CID nobody holds: BODY_NOT_FOUND straight away (the pin set does not know it)
    const unknown = 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku'
    expect((await e.call<Got>('get', { cids: [unknown] })).bodies[0]!.error).toMatchObject({ code: 'BODY_NOT_FOUND' })

    // C restarts (same identity and address, SIGKILL first): B's pin stream to C died with it; B's next write
    // still reaches R = 2 (the dead stream is dropped and the request sent on a new one). D and E are stopped
    // first, so C is the only live peer B can ask.
    for (const n of [d, e]) { await stopNode(n); running.splice(running.indexOf(n), 1) }
    c.child.kill('SIGKILL')
    await c.exited
    running.splice(running.indexOf(c), 1)
    const c2 = await start('C')
    const again = await b.call<{ cids: string[] }>('putMany', { bodies: [b64(patternBody(1001, 8))] })
    expect((await holders(again.cids[0]!)).sort()).toEqual([b.peerId, c2.peerId].sort())
    expect((await c2.call<{ has: boolean[] }>('has', { cids: again.cids })).has).toEqual([true])
  }, 150_000)
})
