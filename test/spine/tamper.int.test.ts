import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LevelBlockstore } from 'blockstore-level'
import { CID } from 'multiformats/cid'
import { dataPaths, openDataDir } from '../../src/spine/data-dir.ts'
import { patientKeys, runCli, syntheaSample, tempDir } from '../support/data.ts'

/** What `medledger verify --json` prints. */
interface VerifyJson { problems: Array<{ code: string, where: string }> }

const alice = patientKeys('alice')

/** Flips one bit of the byte at `at` in a file. */
function flipByte (file: string, at: (bytes: Buffer) => number): void {
  const bytes = readFileSync(file)
  const i = at(bytes)
  bytes[i] = bytes[i]! ^ 0x01
  writeFileSync(file, bytes)
}

describe('medledger verify finds tampering and names it', () => {
  let tmp: ReturnType<typeof tempDir>
  let cids: string[]

  beforeEach(async () => {
    tmp = tempDir()
    const data = await openDataDir(tmp.dir, { blockMaxEntries: 10 })
    const inputs = syntheaSample().map((resource) => ({ patient: alice, resource }))
    cids = []
    // four batches of ten: four blocks of ten entries each
    for (let i = 0; i < inputs.length; i += 10) cids.push(...(await data.spine.write(inputs.slice(i, i + 10), { actor: 'h' })).map((r) => r.cid))
    await data.close()
  })
  afterEach(() => tmp.cleanup())

  it('passes on an untouched folder', () => {
    const r = runCli(['verify', '--data', tmp.dir])
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^OK: 40 entries, 4 blocks, 40 record versions/)
    expect(r.status).toBe(0)
  })

  it('finds one changed byte in a stored body', async () => {
    const store = new LevelBlockstore(join(dataPaths(tmp.dir).ipfs, 'blocks'))
    await store.open()
    const cid = CID.parse(cids[7]!)
    const chunks: Uint8Array[] = []
    for await (const chunk of store.get(cid)) chunks.push(chunk)
    const bytes = Buffer.concat(chunks)
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0x01
    await store.put(cid, bytes)
    await store.close()
    const r = runCli(['verify', '--data', tmp.dir, '--json'])
    expect(r.status).toBe(1)
    const report = JSON.parse(r.stdout) as VerifyJson
    expect(report.problems[0]).toMatchObject({ code: 'CID_MISMATCH', where: 'entry 7' })
  })

  it('finds one changed byte in a ledger entry and names the block whose root breaks', () => {
    const file = join(dataPaths(tmp.dir).ledger, 'entries.ndjson')
    // a byte inside the cid of entry 23 (block 2 covers entries 20..29)
    flipByte(file, (b) => { let at = 0; for (let i = 0; i < 23; i++) at = b.indexOf(10, at) + 1; return b.indexOf('"cid":"', at) + 12 })
    const r = runCli(['verify', '--data', tmp.dir])
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('LEDGER_CORRUPT: block 2: root does not match entries 20..29')
  })

  it('finds one changed byte in a block', () => {
    const file = join(dataPaths(tmp.dir).ledger, 'blocks.ndjson')
    flipByte(file, (b) => { const line = b.indexOf(10) + 1; return b.indexOf('"root":"', line) + 10 })
    const r = runCli(['verify', '--data', tmp.dir, '--json'])
    expect(r.status).toBe(1)
    expect((JSON.parse(r.stdout) as VerifyJson).problems[0]).toMatchObject({ code: 'LEDGER_CORRUPT', where: 'block 1' })
  })

  it('finds one changed byte in a block signature', () => {
    const file = join(dataPaths(tmp.dir).ledger, 'blocks.ndjson')
    flipByte(file, (b) => b.indexOf('"signature":"0x') + 20)
    const r = runCli(['verify', '--data', tmp.dir, '--json'])
    expect(r.status).toBe(1)
    expect((JSON.parse(r.stdout) as VerifyJson).problems[0]).toMatchObject({ code: 'LEDGER_BAD_SIGNATURE', where: 'block 0' })
  })

  it('refuses to open a tampered ledger for writing', async () => {
    flipByte(join(dataPaths(tmp.dir).ledger, 'blocks.ndjson'), (b) => b.indexOf('"signature":"0x') + 20)
    await expect(openDataDir(tmp.dir)).rejects.toMatchObject({ code: 'LEDGER_BAD_SIGNATURE' })
  })
})

describe('medledger reindex', () => {
  it('rebuilds a deleted index with exactly the same rows', async () => {
    const tmp = tempDir()
    try {
      const data = await openDataDir(tmp.dir)
      const rows = await data.spine.write(syntheaSample().map((resource) => ({ patient: alice, resource })), { actor: 'h' })
      await data.spine.write([{ patient: alice, resource: { ...syntheaSample()[3]!, status: 'amended' }, recordId: rows[3]!.recordId }], { actor: 'h' })
      const before = data.index.dump()
      const queries = (d: typeof data) => [d.index.byPatient(alice.id), d.index.byPatient(alice.id, { resourceType: 'Observation', latestOnly: false }), d.index.versions(rows[3]!.recordId)]
      const beforeQueries = queries(data)
      await data.close()
      const { rmSync } = await import('node:fs')
      for (const f of ['index.db', 'index.db-wal', 'index.db-shm']) rmSync(join(tmp.dir, f), { force: true })
      const r = runCli(['reindex', '--data', tmp.dir])
      expect(r.stderr).toBe('')
      expect(r.status).toBe(0)
      expect(r.stdout).toMatch(/^reindexed 41 record versions/)
      const again = await openDataDir(tmp.dir)
      expect(again.index.dump()).toEqual(before)
      expect(queries(again)).toEqual(beforeQueries)
      await again.close()
    } finally {
      tmp.cleanup()
    }
  })
})
