// Child of the ledger.memory bench: appends to a fresh embedded ledger, prints RSS after a full GC at argv[2]
// and argv[3] entries as one JSON line. Run with --expose-gc.
import { SigningKey, Wallet } from 'ethers'
import { openEmbeddedLedger } from '../../src/adapters/ledger-embedded/embedded-ledger.ts'
import { tempDir } from '../support/data.ts'

const first = Number(process.argv[2])
const total = Number(process.argv[3])
const gc = (globalThis as { gc?: () => void }).gc!
const key = new SigningKey('0x' + '66'.repeat(32))
const tmp = tempDir('medledger-bench-memory-')
const ledger = openEmbeddedLedger({ dir: tmp.dir, signer: { address: new Wallet(key).address, signDigest: (d) => key.sign(d).serialized }, clock: { now: () => Date.now() } })
const rss = (): number => { gc(); gc(); const m = process.memoryUsage(); if (process.env.BENCH_MEM_DEBUG === "1") process.stderr.write(JSON.stringify(m) + "\n"); return m.rss }
let rssFirst = 0
const t0 = performance.now()
for (let i = 0; i < total; i += 1000) {
  await ledger.append(Array.from({ length: Math.min(1000, total - i) }, (_, k) => ({ type: 'RecordAnchored', recordId: `rec-${i + k}`, version: 1, cid: `bafkreib${'x'.repeat(50)}`, actor: 'account:1', time: 1_700_000_000_000 + i + k })))
  if (i + 1000 === first) rssFirst = rss()
}
const perSecond = total / ((performance.now() - t0) / 1000)
const rssTotal = rss()
const size = ledger.size()
await ledger.close()
tmp.cleanup()
process.stdout.write(JSON.stringify({ rssFirst, rssTotal, size, perSecond }) + '\n')
