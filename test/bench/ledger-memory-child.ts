// Child of the ledger.memory bench: appends to a fresh embedded ledger (batches of 1,000, fsync on) and reads
// RSS after a full GC every argv[2] entries up to argv[3]; prints one JSON line with the first and last
// readings and the series. Run with --expose-gc.
import { SigningKey, Wallet } from 'ethers'
import { openEmbeddedLedger } from '../../src/adapters/ledger-embedded/embedded-ledger.ts'
import { tempDir } from '../support/data.ts'

const step = Number(process.argv[2])
const total = Number(process.argv[3])
const gc = (globalThis as { gc?: () => void }).gc!
const key = new SigningKey('0x' + '66'.repeat(32))
const tmp = tempDir('medledger-bench-memory-')
const ledger = openEmbeddedLedger({ dir: tmp.dir, signer: { address: new Wallet(key).address, signDigest: (d) => key.sign(d).serialized }, clock: { now: () => Date.now() } })
const rss = (): number => { gc(); gc(); return process.memoryUsage().rss }
const series: number[] = []
const t0 = performance.now()
for (let i = 0; i < total; i += 1000) {
  await ledger.append(Array.from({ length: Math.min(1000, total - i) }, (_, k) => ({ type: 'RecordAnchored', recordId: `rec-${i + k}`, version: 1, cid: `bafkreib${'x'.repeat(50)}`, actor: 'account:1', time: 1_700_000_000_000 + i + k })))
  if ((i + 1000) % step === 0) series.push(rss())
}
const perSecond = total / ((performance.now() - t0) / 1000)
const size = ledger.size()
await ledger.close()
tmp.cleanup()
process.stdout.write(JSON.stringify({ rssFirst: series[0], rssTotal: series.at(-1), series, size, perSecond }) + '\n')
