import { SigningKey, Wallet } from 'ethers'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canonicalJson } from '../../core/canonical-json.ts'
import { ed25519NoteSigner, verifierKey } from '../../core/tlog/checkpoint.ts'
import { ledgerLogContract } from '../../ports/ledger.contract.ts'
import type { LedgerSigner } from '../../ports/keys.ts'
import { testDatabase } from '../../../test/support/postgres.ts'
import { openPostgresLedger } from './postgres-ledger.ts'
import type { LedgerEntry } from '../../ports/ledger.ts'
import { verifyPostgresLedger } from './verify.ts'

const key = new SigningKey('0x' + '22'.repeat(32))
const signer: LedgerSigner = { address: new Wallet(key).address, signDigest: (d) => key.sign(d).serialized }
const note = ed25519NoteSigner('test.medledger/postgres', new Uint8Array(32).fill(4))
const clock = { now: () => Date.now() }

let db: Awaited<ReturnType<typeof testDatabase>>
let n = 0
beforeAll(async () => { db = await testDatabase() })
afterAll(async () => { await db.drop() })

ledgerLogContract('postgres', async ({ blockMaxEntries }) => {
  // a schema per test: the contract wants an empty log each time
  const schema = `c${n++}`
  const admin = new pg.Client({ connectionString: db.url })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  const url = new URL(db.url)
  url.searchParams.set('options', `-c search_path=${schema}`)
  // integrate: false — blocks come from seal() only, so the contract sees deterministic block sizes
  const ledger = await openPostgresLedger({ url: url.toString(), signer, noteSigner: note, origin: 'test.medledger/postgres', clock, blockMaxEntries, integrate: false })
  return {
    log: ledger,
    vkey: verifierKey(note.name, note.publicKey),
    signer: signer.address,
    async tamper (index, entry) {
      const c = new pg.Client({ connectionString: url.toString() })
      await c.connect()
      await c.query('UPDATE ledger_entries SET data = $1 WHERE idx = $2', [Buffer.from(canonicalJson(entry)), index])
      await c.end()
    },
    async verify () { await verifyPostgresLedger(url.toString(), { trustedSigners: [signer.address] }) },
    async cleanup () { await ledger.close() }
  }
})

describe('PostgreSQL ledger: appends of one process', () => {
  it('batches concurrent append calls into few transactions, each caller with contiguous indexes in call order', async () => {
    const schema = 'batching'
    const admin = new pg.Client({ connectionString: db.url })
    await admin.connect()
    await admin.query(`CREATE SCHEMA ${schema}`)
    await admin.end()
    const url = new URL(db.url)
    url.searchParams.set('options', `-c search_path=${schema}`)
    const ledger = await openPostgresLedger({ url: url.toString(), clock, integrate: false })
    try {
      const calls = Array.from({ length: 100 }, (_, c) => Array.from({ length: 1 + (c % 5) }, (_, k): LedgerEntry => ({ type: 'TestEntry', call: c, k, time: 1 })))
      const results = await Promise.all(calls.map(async (es) => await ledger.append(es)))
      const total = calls.reduce((n, es) => n + es.length, 0)
      expect(results.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i))
      for (const [c, indexes] of results.entries()) {
        expect(indexes).toEqual(indexes.map((_, k) => indexes[0]! + k))
        if (c > 0) expect(indexes[0]).toBe(results[c - 1]!.at(-1)! + 1) // call order
        expect(await ledger.entry(indexes.at(-1)!)).toMatchObject({ call: c, k: calls[c]!.length - 1 })
      }
      expect(ledger.sequencingTransactions()).toBeLessThan(100)
      await expect(ledger.append([{ type: 'X' } as never])).rejects.toMatchObject({ code: 'BAD_INPUT' })
      expect(await ledger.size()).toBe(total)
    } finally {
      await ledger.close()
    }
  })
})
