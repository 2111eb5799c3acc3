/**
 * The PostgreSQL ledger as a cluster: four appender processes on one PostgreSQL,
 * each also competing for the integrator lease; then the same under SIGKILL of appenders and of whichever
 * process holds the lease.
 */
import { spawn } from 'node:child_process'
import type { ChildProcessByStdio } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { SigningKey, Wallet } from 'ethers'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresLedger, verifyPostgresLedger } from '../../src/adapters/ledger-postgres/index.ts'
import type { PostgresLedger } from '../../src/adapters/ledger-postgres/index.ts'
import { canonicalJson } from '../../src/core/canonical-json.ts'
import { fromHex, leafHash, toHex, verifyConsistency, verifyInclusion } from '../../src/core/merkle/index.ts'
import { ed25519NoteSigner, openCheckpoint, verifierKey } from '../../src/core/tlog/checkpoint.ts'
import type { LedgerBlock } from '../../src/ports/ledger.ts'
import { testDatabase } from '../support/postgres.ts'
import { CLUSTER_NOTE_SEED, CLUSTER_ORIGIN, CLUSTER_SIGNER_KEY } from './cluster-keys.ts'

const key = new SigningKey(CLUSTER_SIGNER_KEY)
const signer = { address: new Wallet(key).address, signDigest: (d: Uint8Array) => key.sign(d).serialized }
const note = ed25519NoteSigner(CLUSTER_ORIGIN, new Uint8Array(32).fill(CLUSTER_NOTE_SEED))
const vkey = verifierKey(note.name, note.publicKey)
const clock = { now: () => Date.now() }

interface Appender {
  name: string
  child: ChildProcessByStdio<Writable, Readable, Readable>
  exited: Promise<number | null>
  done: Promise<void>
}

/** What the appenders said: every acknowledged batch and every lease taken. */
interface Journal { acks: Array<{ first: number, count: number, tag: string }>, leases: Array<{ pid: number }>, holder?: Appender, onLease?: () => void }

function spawnAppender (url: string, name: string, env: Record<string, string>, journal: Journal): Appender {
  const child = spawn(process.execPath, [new URL('./ledger-appender.ts', import.meta.url).pathname], {
    env: { ...process.env, LEDGER_URL: url, APPENDER: name, ...env },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  let resolveDone!: () => void
  const done = new Promise<void>((resolve) => { resolveDone = resolve })
  const appender: Appender = { name, child, done, exited: new Promise((resolve) => child.on('exit', (code) => { resolve(code) })) }
  void appender.exited.then((code) => { if (code !== 0 && code !== null && stderr !== '') process.stderr.write(`${name}: ${stderr}\n`) })
  createInterface({ input: child.stdout }).on('line', (line) => {
    const [word, a, b, c] = line.split(' ')
    if (word === 'ack') journal.acks.push({ first: Number(a), count: Number(b), tag: c! })
    if (word === 'lease') { journal.leases.push({ pid: child.pid! }); journal.holder = appender; journal.onLease?.() }
    if (word === 'done') resolveDone()
  })
  return appender
}

async function stopAll (appenders: Appender[]): Promise<void> {
  for (const a of appenders) a.child.stdin.end()
  await Promise.all(appenders.map(async (a) => await a.exited))
}

/** Every acknowledged entry is at the index it was acknowledged with, with its own content. */
async function checkAcks (ledger: PostgresLedger, journal: Journal): Promise<void> {
  const byIndex = new Map<number, string>()
  for (const ack of journal.acks) for (let i = 0; i < ack.count; i++) byIndex.set(ack.first + i, `${ack.tag}-${i}`)
  expect(byIndex.size).toBe(journal.acks.reduce((n, a) => n + a.count, 0)) // no index acknowledged twice
  for await (const { index, entry } of ledger.entries()) {
    const want = byIndex.get(index)
    if (want !== undefined) expect((entry as { recordId: string }).recordId).toBe(want)
    byIndex.delete(index)
  }
  expect(byIndex.size).toBe(0) // nothing acknowledged is missing
}

async function blocksWithNotes (url: string): Promise<Array<{ block: LedgerBlock, checkpoint: string }>> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try { return (await c.query<{ block: LedgerBlock, checkpoint: string }>('SELECT block, checkpoint FROM ledger_blocks ORDER BY height')).rows } finally { await c.end() }
}

async function waitFor (what: string, cond: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!await cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('ledger cluster: four appender processes on one PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>
  beforeAll(async () => { db = await testDatabase() })
  afterAll(async () => { await db.drop() })

  async function schemaUrl (schema: string): Promise<string> {
    const c = new pg.Client({ connectionString: db.url })
    await c.connect()
    await c.query(`CREATE SCHEMA ${schema}`)
    await c.end()
    const url = new URL(db.url)
    url.searchParams.set('options', `-c search_path=${schema}`)
    return url.toString()
  }

  it('20,000 entries in batches of 1-256: indexes 0..n-1 once, every entry proven, checkpoints consistent', async () => {
    const url = await schemaUrl('steady')
    const journal: Journal = { acks: [], leases: [] }
    const appenders = Array.from({ length: 4 }, (_, i) => spawnAppender(url, `p${i}`, { ENTRIES: '5000', SEED: String(i + 1), BLOCK_INTERVAL_MS: '300' }, journal))
    await Promise.all(appenders.map(async (a) => await a.done))
    const ledger = await openPostgresLedger({ url, clock, poolSize: 8 }) // reader only: no signer, never integrates
    try {
      await waitFor('the appenders to integrate and seal everything', async () => (await ledger.latestBlock())?.treeSize === 20_000)
      await stopAll(appenders)
      expect(await ledger.size()).toBe(20_000)
      expect(journal.acks.every((a) => a.count >= 1 && a.count <= 256)).toBe(true)
      await checkAcks(ledger, journal)
      expect(await verifyPostgresLedger(url, { trustedSigners: [signer.address] })).toEqual({ entries: 20_000, integrated: 20_000, blocks: expect.any(Number) })

      // checkpoints: each a valid signed note naming its block's size and root; successive ones consistent
      const heads = await blocksWithNotes(url)
      expect(heads.every((h, i) => i === 0 || h.block.treeSize - heads[i - 1]!.block.treeSize <= 1024)).toBe(true)
      const checkpoints = heads.map((h) => {
        const cp = openCheckpoint(h.checkpoint, vkey)
        expect([cp.size, toHex(cp.root)]).toEqual([h.block.treeSize, h.block.root])
        return cp
      })
      for (let i = 1; i < checkpoints.length; i++) {
        const [a, b] = [checkpoints[i - 1]!, checkpoints[i]!]
        const proof = await ledger.consistencyProof(a.size, b.size)
        expect(verifyConsistency(a.size, b.size, a.root, b.root, proof.path.map(fromHex)), `${a.size} -> ${b.size}`).toBe(true)
      }
      // every entry's inclusion proof verifies against the checkpoint of the first block covering it
      const rootOf = new Map(checkpoints.map((c) => [c.size, c.root]))
      const leaves: Uint8Array[] = []
      for await (const { entry } of ledger.entries()) leaves.push(leafHash(new TextEncoder().encode(canonicalJson(entry))))
      let verified = 0
      for (let lo = 0; lo < 20_000; lo += 16) {
        await Promise.all(Array.from({ length: 16 }, async (_, k) => {
          const i = lo + k
          const p = await ledger.inclusionProof(i)
          if (verifyInclusion(leaves[i]!, i, p.treeSize, p.path.map(fromHex), rootOf.get(p.treeSize)!)) verified++
        }))
      }
      expect(verified).toBe(20_000)
    } finally {
      await stopAll(appenders)
      await ledger.close()
    }
  }, 300_000)

  it('SIGKILL of appenders and of the integrator, 12 times: nothing acknowledged lost, no index reused, integration moves on', async () => {
    const url = await schemaUrl('kills')
    const journal: Journal = { acks: [], leases: [] }
    let seed = 100
    const start = (name: string): Appender => spawnAppender(url, name, { ENTRIES: '0', SEED: String(seed++), BLOCK_INTERVAL_MS: '200' }, journal)
    const live = Array.from({ length: 4 }, (_, i) => start(`k${i}`))
    let integratorKills = 0
    let appenderKills = 0
    const blocksAtKill: number[] = []
    const takeovers: number[] = [] // ms from killing the lease holder to the next lease
    const reader = await openPostgresLedger({ url, clock })
    try {
      await waitFor('a first lease', () => journal.holder !== undefined)
      for (let round = 0; round < 12; round++) {
        await new Promise((resolve) => setTimeout(resolve, 250 + Math.floor(Math.random() * 400)))
        const killIntegrator = round % 2 === 0
        if (killIntegrator) await waitFor('another process to take the lease', () => journal.holder !== undefined, 15_000)
        const victim = killIntegrator ? journal.holder! : live[Math.floor(Math.random() * live.length)]!
        if (journal.holder === victim) journal.holder = undefined
        blocksAtKill.push((await reader.latestBlock())?.height ?? -1)
        victim.child.kill('SIGKILL')
        await victim.exited
        live.splice(live.indexOf(victim), 1, start(`k${4 + round}`))
        if (killIntegrator) {
          integratorKills++
          const t0 = Date.now()
          await waitFor('another process to take the lease', () => journal.holder !== undefined, 15_000)
          takeovers.push(Date.now() - t0)
        } else {
          appenderKills++
        }
      }
      // integration resumed after the last kill: a new holder seals blocks past the last height seen
      await waitFor('a lease after the last kill', () => journal.holder !== undefined, 15_000)
      const lastSeen = blocksAtKill.at(-1)!
      await waitFor('a block sealed after the last kill', async () => ((await reader.latestBlock())?.height ?? -1) > lastSeen + 1, 15_000)
      await stopAll(live)
      // whatever was acknowledged but not yet integrated when the appenders stopped: one more process seals it
      const closer = await openPostgresLedger({ url, signer, noteSigner: note, origin: CLUSTER_ORIGIN, clock, integrate: false })
      await closer.seal()
      await closer.close()
      expect(integratorKills + appenderKills).toBeGreaterThanOrEqual(10)
      expect(integratorKills).toBeGreaterThanOrEqual(5)
      // "within seconds": the next lease try after the dead session is dropped (usually ~0.1 s; 10 s leaves room
      // for a loaded machine where the other appenders may still be starting)
      expect(Math.max(...takeovers)).toBeLessThan(10_000)
      expect(new Set(journal.leases.map((l) => l.pid)).size).toBeGreaterThanOrEqual(integratorKills + 1)
      const size = await reader.size()
      expect(journal.acks.length).toBeGreaterThan(0)
      await checkAcks(reader, journal)
      expect(await verifyPostgresLedger(url, { trustedSigners: [signer.address] })).toMatchObject({ entries: size, integrated: size })
      expect((await reader.latestBlock())?.treeSize).toBe(size)
    } finally {
      for (const a of live) a.child.kill('SIGKILL')
      await reader.close()
    }
  }, 300_000)
})
