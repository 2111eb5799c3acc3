/**
 * Token moves as a cluster (acceptance of the cluster-state work): 200 concurrent transfers split across two processes over
 * one PostgreSQL conserve the supply and never overdraw, and a ref is applied once whichever process sees it.
 * Each process runs its 100 moves at once through moveOnBank (the path moveTokens takes) on the PostgreSQL
 * token bank, appending to the shared PostgreSQL ledger.
 */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresLedger } from '../../src/adapters/ledger-postgres/index.ts'
import type { PostgresLedger } from '../../src/adapters/ledger-postgres/index.ts'
import { openPool } from '../../src/adapters/postgres/index.ts'
import type { PgPool } from '../../src/adapters/postgres/index.ts'
import { openPostgresTokenBank } from '../../src/adapters/postgres/token-bank.ts'
import { conservationGap, foldTokenEntries, isTokenEntry } from '../../src/core/tokens/index.ts'
import type { TokenEntry } from '../../src/core/tokens/index.ts'
import { moveOnBank } from '../../src/subgraphs/research/economy/tokens/bank.ts'
import type { TokenMove } from '../../src/subgraphs/research/economy/tokens/bank.ts'
import { testDatabase } from '../support/postgres.ts'

const clock = { now: () => Date.now() }
const ACCOUNTS = ['patient:a', 'patient:b', 'patient:c', 'org:d', 'escrow:e']
const SEED = 60

let db: Awaited<ReturnType<typeof testDatabase>>
let pool: PgPool
let ledger: PostgresLedger

beforeAll(async () => {
  db = await testDatabase()
  pool = openPool(db.url, { max: 4 })
  ledger = await openPostgresLedger({ url: db.url, clock, integrate: false })
})
afterAll(async () => {
  await ledger.close()
  await pool.end()
  await db.drop()
})

interface Counts { applied: number, replayed: number, refused: number }

async function runMover (moves: TokenMove[], go: Promise<void>): Promise<Counts> {
  const child = spawn(process.execPath, [new URL('./token-mover.ts', import.meta.url).pathname], {
    env: { ...process.env, POSTGRES_URL: db.url, MOVES: JSON.stringify(moves) },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  let result: Counts | undefined
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'ready') void go.then(() => child.stdin.write('go\n'))
    if (line.startsWith('result ')) result = JSON.parse(line.slice(7)) as Counts
  })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  if (code !== 0 || result === undefined) throw new Error(`token mover exited with ${code}: ${stderr}`)
  return result
}

/** A deterministic pseudo-random stream (mulberry32). */
function random (seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0
    let t = seed
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('token bank on PostgreSQL, two processes', () => {
  it('200 concurrent transfers across two processes conserve the supply, never overdraw, apply each ref once', async () => {
    const bank = openPostgresTokenBank(pool)
    const mover = { bank, ledger, append: async (e: Parameters<typeof ledger.append>[0]) => ledger.append(e), clock }
    await moveOnBank(mover, ACCOUNTS.map((to, i) => ({ type: 'TokensMinted', to, amount: SEED, reason: 'research-share', ref: `seed:${i}`, actor: 'system:t' })))
    const next = random(17)
    const transfers: TokenMove[] = Array.from({ length: 200 }, (_, i) => {
      const from = ACCOUNTS[Math.floor(next() * 5)]!
      const to = ACCOUNTS.filter((a) => a !== from)[Math.floor(next() * 4)]!
      return { type: 'TokensTransferred', from, to, amount: 1 + Math.floor(next() * 45), reason: 'donation', ref: `t:${i}`, actor: 'system:t' }
    })
    // The last 20 moves of A are the first 20 of B too: the same ref offered to both processes at once.
    const a = transfers.slice(0, 100)
    const b = [...transfers.slice(80, 100), ...transfers.slice(100, 180)]
    let start!: () => void
    const go = new Promise<void>((resolve) => { start = resolve })
    const both = Promise.all([runMover(a, go), runMover(b, go)])
    start()
    const [ca, cb] = await both

    const applied = ca.applied + cb.applied
    expect(ca.applied + ca.replayed + ca.refused).toBe(100)
    expect(cb.applied + cb.replayed + cb.refused).toBe(100)
    expect(applied).toBeGreaterThan(20) // the run moved tokens …
    expect(ca.refused + cb.refused).toBeGreaterThan(0) // … and contended for them

    const entries: TokenEntry[] = []
    for await (const { entry } of ledger.entries()) if (isTokenEntry(entry)) entries.push(entry)
    const transferred = entries.filter((e) => e.type === 'TokensTransferred')
    expect(transferred).toHaveLength(applied) // every acknowledged move is in the ledger, once
    expect(new Set(transferred.map((e) => e.ref)).size).toBe(applied) // no ref twice
    // The ledger in its own order never overdraws (the fold throws if it did) and conserves the supply.
    const folded = foldTokenEntries(entries)
    expect(conservationGap(folded)).toBe(0)
    expect(folded.minted).toBe(SEED * ACCOUNTS.length)

    await bank.catchUp(ledger)
    const balances = await bank.balances()
    expect(balances).toEqual(new Map([...folded.balances].filter(([, v]) => v !== 0)))
    expect([...balances.values()].reduce((s, v) => s + v, 0)).toBe(SEED * ACCOUNTS.length)
    for (const v of balances.values()) expect(v).toBeGreaterThanOrEqual(0)
    expect(await bank.totals()).toEqual({ minted: SEED * ACCOUNTS.length, burned: 0 })
  }, 120_000)
})
