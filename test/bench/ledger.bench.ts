import { spawn } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { SigningKey, Wallet } from 'ethers'
import { openEmbeddedLedger } from '../../src/adapters/ledger-embedded/embedded-ledger.ts'
import { openPostgresLedger } from '../../src/adapters/ledger-postgres/index.ts'
import { MerkleTree, leafHash, toHex } from '../../src/core/merkle/index.ts'
import { canonicalJson } from '../../src/core/canonical-json.ts'
import type { LedgerSigner } from '../../src/ports/keys.ts'
import { freePort, startPostgresProcess } from '../support/postgres-server.ts'
import { tempDir } from '../support/data.ts'
import { QUICK, paired, size } from './harness.ts'
import type { BenchResult } from './harness.ts'

const key = new SigningKey('0x' + '55'.repeat(32))
const signer: LedgerSigner = { address: new Wallet(key).address, signDigest: (d) => key.sign(d).serialized }
const clock = { now: () => Date.now() }
const entry = (i: number): { type: string, recordId: string, version: number, cid: string, actor: string, time: number } =>
  ({ type: 'RecordAnchored', recordId: `rec-${i}`, version: 1, cid: `bafkreib${'x'.repeat(50)}`, actor: 'account:1', time: 1_700_000_000_000 + i })

const APPENDERS = 4
const BATCH = 64

/**
 * ledger.append.pg: entries/s appended by four appender processes at once on one PostgreSQL (fsync on;
 * each process also competes for the integrator lease, so integration and sealing run alongside) against the
 * embedded file ledger's single appender (fdatasync per append) — both in batches of 64, from a common start
 * to the last acknowledgement.
 */
export async function ledgerAppendPg (): Promise<BenchResult> {
  const perAppender = size(10_000, 500)
  const total = perAppender * APPENDERS
  const tmp = tempDir('medledger-bench-ledger-')
  const server = startPostgresProcess({ port: await freePort(), durable: true })
  await server.ready
  try {
    const embedded = openEmbeddedLedger({ dir: tmp.dir, signer, clock })
    const t0 = performance.now()
    for (let i = 0; i < total; i += BATCH) await embedded.append(Array.from({ length: Math.min(BATCH, total - i) }, (_, k) => entry(i + k)))
    const baselineMs = performance.now() - t0
    await embedded.close()

    const children = Array.from({ length: APPENDERS }, (_, i) => spawn(process.execPath, [join(import.meta.dirname, '../cluster/ledger-appender.ts')], {
      env: { ...process.env, LEDGER_URL: server.url, APPENDER: `b${i}`, ENTRIES: String(perAppender), BATCH: String(BATCH), WAIT_GO: '1' },
      stdio: ['pipe', 'pipe', 'inherit']
    }))
    const said = (child: typeof children[number], word: string): Promise<void> => new Promise((resolve) => {
      createInterface({ input: child.stdout }).on('line', (line) => { if (line === word) resolve() })
    })
    await Promise.all(children.map(async (c) => await said(c, 'ready')))
    const done = children.map(async (c) => await said(c, 'done'))
    const t1 = performance.now()
    for (const c of children) c.stdin.write('go\n')
    await Promise.all(done)
    const subjectMs = performance.now() - t1
    for (const c of children) c.stdin.end()
    await Promise.all(children.map(async (c) => await new Promise((resolve) => c.on('exit', resolve))))
    const check = await openPostgresLedger({ url: server.url, clock })
    const appended = await check.size()
    await check.close()
    if (appended !== total) throw new Error(`ledger.append.pg: ${appended} of ${total} entries appended`)

    const value = total / (subjectMs / 1000)
    const baseline = total / (baselineMs / 1000)
    const ratio = value / baseline
    return {
      name: 'ledger.append.pg',
      value,
      unit: `entries/s, ${APPENDERS} processes on PostgreSQL (baseline: embedded, 1 appender), batches of ${BATCH}`,
      baseline,
      ratio,
      target: 'ratio >= 0.5 and >= 3,000 entries/s',
      met: ratio >= 0.5 && value >= 3000
    }
  } finally {
    await server.stop()
    tmp.cleanup()
  }
}

/**
 * ledger.proof: inclusion proofs (with leaf hash, hex, as the port returns them) computed from the embedded
 * ledger's tiles on disk through its bounded tile cache, against the in-memory MerkleTree, for the same
 * random entries of the same tree.
 */
export async function ledgerProof (): Promise<BenchResult> {
  const n = size(200_000, 5_000)
  const proofs = size(20_000, 1_000)
  const tmp = tempDir('medledger-bench-proof-')
  try {
    const ledger = openEmbeddedLedger({ dir: tmp.dir, signer, clock, fsync: false, blockMaxEntries: n })
    const tree = new MerkleTree()
    const encoder = new TextEncoder()
    for (let i = 0; i < n; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, n - i) }, (_, k) => entry(i + k))
      await ledger.append(batch)
      tree.appendMany(batch.map((e) => leafHash(encoder.encode(canonicalJson(e)))))
    }
    await ledger.seal()
    let seed = 7
    const picks = Array.from({ length: proofs }, () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n })
    let sink = 0
    const { baselineMs, subjectMs } = await paired(5, () => {
      for (const i of picks) sink += toHex(tree.leafHash(i)).length + tree.inclusionProof(i, n).map(toHex).length
    }, () => {
      for (const i of picks) sink += ledger.inclusionProof(i).path.length
    })
    await ledger.close()
    if (sink === 0) throw new Error('no proofs')
    const value = proofs / (subjectMs / 1000)
    const baseline = proofs / (baselineMs / 1000)
    const ratio = value / baseline
    return { name: 'ledger.proof', value, unit: `proofs/s from tiles, ${n / 1000}k entries (baseline: in-memory tree)`, baseline, ratio, target: 'ratio >= 0.5', met: ratio >= 0.5 }
  } finally {
    tmp.cleanup()
  }
}

const MEM_FIRST = Number(process.env.BENCH_LEDGER_FIRST ?? size(100_000, 5_000))
const MEM_TOTAL = Number(process.env.BENCH_LEDGER_TOTAL ?? size(1_000_000, 50_000))

/**
 * ledger.memory: RSS of a fresh process appending to the embedded ledger (batches of 1,000, fsync on),
 * read after a full GC every MEM_FIRST entries; the row compares the readings at MEM_FIRST and MEM_TOTAL
 * (tiles and offsets live on disk, so growth ~0) and stderr shows the whole series.
 * The child runs with a fixed 16 MiB young generation: V8 otherwise grows its new space with the allocation
 * rate (measured here: +64 MiB heapTotal between 200k and 400k entries for the entry-making loop alone, no
 * ledger, heapUsed flat at 9 MiB), which is V8 sizing, not memory the ledger holds.
 */
export async function ledgerMemory (): Promise<BenchResult> {
  const out = execFileSync(process.execPath, ['--expose-gc', '--min-semi-space-size=16', '--max-semi-space-size=16', join(import.meta.dirname, 'ledger-memory-child.ts'), String(MEM_FIRST), String(MEM_TOTAL)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as { rssFirst: number, rssTotal: number, series: number[], size: number, perSecond: number }
  if (r.size !== MEM_TOTAL) throw new Error(`ledger.memory: ${r.size} of ${MEM_TOTAL} entries`)
  process.stderr.write(`ledger.memory: rss MiB every ${MEM_FIRST}: ${r.series.map((x) => (x / 2 ** 20).toFixed(0)).join(' ')}; ${r.perSecond.toFixed(0)} entries/s\n`)
  return {
    name: 'ledger.memory',
    value: r.rssTotal / 2 ** 20,
    unit: `MiB RSS after ${MEM_TOTAL / 1000}k entries (after ${MEM_FIRST / 1000}k = baseline)`,
    baseline: r.rssFirst / 2 ** 20,
    ratio: r.rssTotal / r.rssFirst,
    target: `growth < 10 % (${MEM_FIRST / 1000}k -> ${MEM_TOTAL / 1000}k)${QUICK ? ', quick sizes' : ''}`,
    met: r.rssTotal / r.rssFirst < 1.1
  }
}
