/**
 * One appender process of the ledger cluster tests (ledger-cluster.int.test.ts): opens the PostgreSQL ledger
 * (competing for the integrator lease like every process), appends entries in batches of 1..256 and prints
 * `ack <first index> <count> <tag of the first>` only after each append resolved (= committed), and
 * `lease` whenever it becomes the integrator. Env: LEDGER_URL, APPENDER (name), ENTRIES (0 = until killed),
 * SEED, BLOCK_INTERVAL_MS, BATCH (a fixed batch size instead of 1..256), WAIT_GO=1 (print `ready`, then
 * start on a `go` line on stdin — the bench's common start).
 */
import { SigningKey, Wallet } from 'ethers'
import { openPostgresLedger } from '../../src/adapters/ledger-postgres/index.ts'
import { ed25519NoteSigner } from '../../src/core/tlog/checkpoint.ts'
import { CLUSTER_NOTE_SEED, CLUSTER_ORIGIN, CLUSTER_SIGNER_KEY } from './cluster-keys.ts'


const key = new SigningKey(CLUSTER_SIGNER_KEY)
const env = process.env
const name = env.APPENDER ?? 'a'
let seed = Number(env.SEED ?? 1) >>> 0
const random = (): number => { // mulberry32
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const ledger = await openPostgresLedger({
  url: env.LEDGER_URL!,
  signer: { address: new Wallet(key).address, signDigest: (d) => key.sign(d).serialized },
  noteSigner: ed25519NoteSigner(CLUSTER_ORIGIN, new Uint8Array(32).fill(CLUSTER_NOTE_SEED)),
  origin: CLUSTER_ORIGIN,
  clock: { now: () => Date.now() },
  blockIntervalMs: Number(env.BLOCK_INTERVAL_MS ?? 1000),
  leaseRetryMs: 100,
  poolSize: 2,
  onError: (err) => { process.stderr.write(`integrator: ${String(err)}\n`) }
})
let leased = false
setInterval(() => {
  const now = ledger.holdsLease()
  if (now && !leased) process.stdout.write('lease\n')
  leased = now
}, 20).unref()

const total = Number(env.ENTRIES ?? 0)
const fixedBatch = env.BATCH === undefined ? undefined : Number(env.BATCH)
let stop = false
// closing stdin asks for a clean stop: finish the batch in flight, hand the lease back, exit
let go: () => void = () => {}
const started = new Promise<void>((resolve) => { go = resolve })
process.stdin.setEncoding('utf8').on('data', (d: string) => { if (d.includes('go')) go() })
process.stdin.on('end', () => { stop = true; go(); if (done) void ledger.close().then(() => process.exit(0)) })
if (env.WAIT_GO === '1') {
  process.stdout.write('ready\n')
  await started
}
let done = false
let sent = 0
let batchNo = 0
while (!stop && (total === 0 || sent < total)) {
  const k = Math.min(fixedBatch ?? 1 + Math.floor(random() * 256), total === 0 ? 256 : total - sent)
  const tag = `${name}-${process.pid}-${batchNo++}`
  const entries = Array.from({ length: k }, (_, i) => ({ type: 'RecordAnchored', recordId: `${tag}-${i}`, version: 1, cid: 'c', actor: name, time: Date.now() }))
  const indexes = await ledger.append(entries)
  process.stdout.write(`ack ${indexes[0]} ${k} ${tag}\n`)
  sent += k
}
done = true
process.stdout.write('done\n')
// stays up as a possible integrator until stdin closes
if (stop) await ledger.close().then(() => process.exit(0))
