import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openFileKeys } from '../../src/adapters/keys-file/index.ts'
import { openEmbeddedLedger } from '../../src/adapters/ledger-embedded/embedded-ledger.ts'
import { systemClock, systemRng } from '../../src/ports/clock.ts'
import { dataPaths } from '../../src/spine/data-dir.ts'
import { runCliAsync } from '../support/cli.ts'
import { tempDir } from '../support/data.ts'
import { testDatabase } from '../support/postgres.ts'

describe('medledger ledger migrate / verify', () => {
  const tmp = tempDir('medledger-migrate-cli-')
  let db: Awaited<ReturnType<typeof testDatabase>>
  beforeAll(async () => { db = await testDatabase() })
  afterAll(async () => { await db.drop(); tmp.cleanup() })

  it('moves a data folder ledger to PostgreSQL with the same roots; verify reads the copy and finds tampering', async () => {
    const paths = dataPaths(tmp.dir)
    const keys = openFileKeys({ dir: paths.keys, rng: systemRng, clock: systemClock })
    const ledger = openEmbeddedLedger({ dir: paths.ledger, signer: keys.ledgerSigner(), clock: systemClock, blockMaxEntries: 100, fsync: false })
    for (let i = 0; i < 450; i += 50) await ledger.append(Array.from({ length: 50 }, (_, k) => ({ type: 'TestEntry', n: i + k, time: 1_700_000_000_000 })))
    await ledger.seal()
    const root = ledger.latestBlock()!.root
    await ledger.close()
    keys.close()

    const moved = await runCliAsync(['ledger', 'migrate', '--to', db.url, '--data', tmp.dir, '--json'])
    expect(moved.stderr).toBe('')
    expect(moved.status).toBe(0)
    expect(JSON.parse(moved.stdout)).toMatchObject({ entries: 450, blocks: 5, root, verified: { entries: 450, integrated: 450, blocks: 5 } })
    const again = await runCliAsync(['ledger', 'migrate', '--to', db.url, '--data', tmp.dir])
    expect(again.status).toBe(1)
    expect(again.stderr).toContain('CONFLICT')

    const ok = await runCliAsync(['ledger', 'verify', '--from', db.url, '--data', tmp.dir, '--json'])
    expect(ok.status).toBe(0)
    expect(JSON.parse(ok.stdout)).toEqual({ entries: 450, integrated: 450, blocks: 5 })
    const c = new pg.Client({ connectionString: db.url })
    await c.connect()
    await c.query(`UPDATE ledger_entries SET data = convert_to('{"n":7,"time":1700000000000,"type":"Forged"}', 'UTF8') WHERE idx = 7`)
    await c.end()
    const bad = await runCliAsync(['ledger', 'verify', '--from', db.url, '--data', tmp.dir])
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain('LEDGER_CORRUPT')
  })
})
