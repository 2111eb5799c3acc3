import { SigningKey, Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromHex, verifyConsistency, verifyInclusion } from '../../core/merkle/index.ts'
import { ed25519NoteSigner, openCheckpoint, verifierKey } from '../../core/tlog/checkpoint.ts'
import type { LedgerSigner } from '../../ports/keys.ts'
import { tempDir } from '../../../test/support/data.ts'
import { testDatabase } from '../../../test/support/postgres.ts'
import { openEmbeddedLedger } from '../ledger-embedded/embedded-ledger.ts'
import { migrateToPostgres } from './migrate.ts'
import { openPostgresLedger } from './postgres-ledger.ts'
import { verifyPostgresLedger } from './verify.ts'

const key = new SigningKey('0x' + '44'.repeat(32))
const signer: LedgerSigner = { address: new Wallet(key).address, signDigest: (d) => key.sign(d).serialized }
const note = ed25519NoteSigner('test.medledger/migrate', new Uint8Array(32).fill(6))
const clock = { now: () => 1_700_000_000_000 }
const entry = (i: number) => ({ type: 'RecordAnchored', recordId: `r${i}`, version: 1, cid: `c${i}`, actor: 'a', time: i })

describe('migrating an embedded ledger to PostgreSQL', () => {
  const tmp = tempDir('medledger-migrate-')
  let db: Awaited<ReturnType<typeof testDatabase>>
  beforeAll(async () => { db = await testDatabase() })
  afterAll(async () => { await db.drop(); tmp.cleanup() })

  it('keeps every block and checkpoint root, proofs byte-identical, and the log continues', async () => {
    const embedded = openEmbeddedLedger({ dir: tmp.dir, signer, clock, blockMaxEntries: 300, fsync: false, noteSigner: note })
    for (let i = 0; i < 2_000; i += 97) await embedded.append(Array.from({ length: Math.min(97, 2_000 - i) }, (_, k) => entry(i + k)))
    await embedded.seal()
    await embedded.append([entry(2_000), entry(2_001)]) // not in a block yet
    expect(await migrateToPostgres(embedded, { url: db.url, noteSigner: note })).toEqual({ entries: 2_002, blocks: embedded.blocks().length })
    await expect(migrateToPostgres(embedded, { url: db.url })).rejects.toMatchObject({ code: 'CONFLICT' })

    const pg = await openPostgresLedger({ url: db.url, signer, noteSigner: note, origin: note.name, clock, blockMaxEntries: 300, integrate: false })
    try {
      expect(await pg.blocks()).toEqual(embedded.blocks())
      const vkey = verifierKey(note.name, note.publicKey)
      expect(openCheckpoint((await pg.checkpoint())!, vkey)).toEqual(openCheckpoint(embedded.checkpoint(note.name)!, vkey))
      for (const i of [0, 299, 300, 1_234, 1_999]) expect(await pg.inclusionProof(i)).toEqual(embedded.inclusionProof(i))
      expect(await verifyPostgresLedger(db.url, { trustedSigners: [signer.address] })).toEqual({ entries: 2_002, integrated: 2_002, blocks: embedded.blocks().length })
      // the migrated log goes on: append, seal, and the new head extends the old one
      const before = embedded.latestBlock()!
      await pg.append([entry(2_002)])
      const after = (await pg.seal())!
      expect(after.treeSize).toBe(2_003)
      const c = await pg.consistencyProof(before.treeSize, after.treeSize)
      expect(verifyConsistency(before.treeSize, after.treeSize, fromHex(before.root), fromHex(after.root), c.path.map(fromHex))).toBe(true)
      const p = await pg.inclusionProof(2_001)
      expect(verifyInclusion(fromHex(p.leafHash), 2_001, p.treeSize, p.path.map(fromHex), fromHex(p.root))).toBe(true)
    } finally {
      await pg.close()
      await embedded.close()
    }
  })
})
