import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CID } from 'multiformats/cid'
import { openWithPatientKey, parseEnvelope } from '../../src/core/envelope/index.ts'
import { isError } from '../../src/core/errors.ts'
import { verifyInclusion, fromHex } from '../../src/core/merkle/index.ts'
import { openDataDir } from '../../src/spine/data-dir.ts'
import type { DataDir } from '../../src/spine/data-dir.ts'
import { patientKeys, syntheaSample, tempDir } from '../support/data.ts'

const alice = patientKeys('alice')
const bob = patientKeys('bob')
const decoder = new TextDecoder()

describe('record spine (real Helia, SQLite, ledger files in a temp folder)', () => {
  let tmp: ReturnType<typeof tempDir>
  let data: DataDir

  beforeEach(async () => {
    tmp = tempDir()
    data = await openDataDir(tmp.dir, { fsync: false })
  })
  afterEach(async () => {
    await data.close()
    tmp.cleanup()
  })

  it('writes Synthea resources and reads each back decrypted, with index metadata', async () => {
    const resources = syntheaSample()
    const rows = await data.spine.write(resources.map((resource) => ({ patient: alice, resource })), { actor: 'hospital-1' })
    expect(rows).toHaveLength(resources.length)
    for (const [i, row] of rows.entries()) {
      const { resource } = await data.spine.read(row.recordId)
      expect(resource).toEqual(resources[i])
      expect(row.resourceType).toBe(resources[i]!.resourceType)
      expect(row.patientId).toBe(alice.id)
    }
    const observations = data.index.byPatient(alice.id, { resourceType: 'Observation' })
    expect(observations.length).toBe(resources.filter((r) => r.resourceType === 'Observation').length)
    expect(observations[0]!.codes.some((c) => c.startsWith('http://loinc.org|'))).toBe(true)
  })

  it('anchors each version in the ledger with an inclusion proof that verifies against the signed block root', async () => {
    const [row] = await data.spine.write([{ patient: alice, resource: syntheaSample()[1] }], { actor: 'dr-1' })
    await data.spine.flush()
    const entry = data.ledger.entry(row!.entryIndex)
    expect(entry).toMatchObject({ type: 'RecordAnchored', recordId: row!.recordId, version: 1, cid: row!.cid, actor: 'dr-1' })
    const proof = data.ledger.inclusionProof(row!.entryIndex)
    expect(verifyInclusion(fromHex(proof.leafHash), proof.index, proof.treeSize, proof.path.map(fromHex), fromHex(proof.block.root))).toBe(true)
    expect(verifyInclusion(fromHex(proof.leafHash), proof.index + 1, proof.treeSize + 1, proof.path.map(fromHex), fromHex(proof.block.root))).toBe(false)
  })

  it('keeps every version: a new version never overwrites the old one', async () => {
    const obs = syntheaSample().find((r) => r.resourceType === 'Observation')!
    const [v1] = await data.spine.write([{ patient: alice, resource: obs }], { actor: 'dr-1' })
    const amended = { ...obs, status: 'amended' }
    const [v2] = await data.spine.write([{ patient: alice, resource: amended, recordId: v1!.recordId }], { actor: 'dr-1' })
    expect(v2!.version).toBe(2)
    expect(v2!.cid).not.toBe(v1!.cid)
    expect((await data.spine.read(v1!.recordId)).resource.status).toBe('amended')
    expect((await data.spine.read(v1!.recordId, 1)).resource.status).toBe(obs.status)
    expect(data.index.versions(v1!.recordId).map((r) => r.version)).toEqual([1, 2])
  })

  it('lets the patient decrypt the stored IPFS bytes with only their own key', async () => {
    const resource = syntheaSample()[2]!
    const [row] = await data.spine.write([{ patient: alice, resource }], { actor: 'dr-1' })
    const bytes = await data.bodies.get(CID.parse(row!.cid))
    const opened = openWithPatientKey(bytes, alice.privateKey, alice.id)
    expect(JSON.parse(decoder.decode(opened.plaintext))).toEqual(resource)
    expect(opened.binding).toEqual({ recordId: row!.recordId, version: 1, patientId: alice.id })
    expect(() => openWithPatientKey(bytes, bob.privateKey, alice.id)).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }))
  })

  it('one ephemeral key per patient per run of consecutive batches (OpenSSL sealers on the thread pool); every envelope opens', async () => {
    const [a, b, c, d] = syntheaSample().slice(0, 4)
    const ephemeral = async (rows: Array<{ cid: string }>): Promise<string[]> =>
      Promise.all(rows.map(async (row) => Buffer.from(parseEnvelope(await data.bodies.get(CID.parse(row.cid))).ephemeralPublicKey).toString('hex')))
    const w1 = await data.spine.write([{ patient: alice, resource: a }, { patient: bob, resource: b }], { actor: 'h' })
    const w2 = await data.spine.write([{ patient: alice, resource: c }], { actor: 'h' }) // alice's run continues, bob's ended
    const w3 = await data.spine.write([{ patient: bob, resource: d }], { actor: 'h' })
    const [a1, b1] = await ephemeral(w1)
    const [a2] = await ephemeral(w2)
    const [b3] = await ephemeral(w3)
    expect(a2).toBe(a1)
    expect(b3).not.toBe(b1)
    expect(new Set([a1, b1, b3]).size).toBe(3)
    for (const [row, who, resource] of [[w1[0]!, alice, a], [w1[1]!, bob, b], [w2[0]!, alice, c], [w3[0]!, bob, d]] as const) {
      const opened = openWithPatientKey(await data.bodies.get(CID.parse(row.cid)), who.privateKey, who.id)
      expect(JSON.parse(decoder.decode(opened.plaintext))).toEqual(resource)
    }
  })

  it('rotates the KEK without touching a body or a CID', async () => {
    const rows = await data.spine.write(syntheaSample().slice(0, 10).map((resource) => ({ patient: alice, resource })), { actor: 'h' })
    const before = await Promise.all(rows.map(async (r) => data.bodies.get(CID.parse(r.cid))))
    const { version, rewrapped } = data.keys.rotateKek()
    expect(version).toBe(2)
    expect(rewrapped).toBe(10)
    for (const [i, row] of rows.entries()) {
      expect(data.index.record(row.recordId)!.cid).toBe(row.cid)
      expect(await data.bodies.get(CID.parse(row.cid))).toEqual(before[i])
      expect((await data.spine.read(row.recordId)).resource).toEqual(syntheaSample()[i])
      expect(data.keys.binding(row.recordId, 1)!.kekVersion).toBe(2)
    }
  })

  it('rejects bad input with a typed error and writes nothing of the batch', async () => {
    const size = data.ledger.size()
    const bad = [{ patient: alice, resource: syntheaSample()[0] }, { patient: alice, resource: { hello: 'world' } }]
    await expect(data.spine.write(bad, { actor: 'h' })).rejects.toMatchObject({ code: 'BAD_INPUT' })
    await expect(data.spine.write([{ patient: { id: '', publicKey: alice.publicKey }, resource: syntheaSample()[0] }], { actor: 'h' }))
      .rejects.toMatchObject({ code: 'BAD_INPUT' })
    // one patient id under two keys in one batch: the second key's holder could not open their records
    await expect(data.spine.write([{ patient: alice, resource: syntheaSample()[0] }, { patient: { id: alice.id, publicKey: bob.publicKey }, resource: syntheaSample()[1] }], { actor: 'h' }))
      .rejects.toMatchObject({ code: 'BAD_INPUT' })
    expect(data.ledger.size()).toBe(size)
    expect(data.index.count()).toBe(0)
  })

  it('refuses a new version of another patient\'s record', async () => {
    const [row] = await data.spine.write([{ patient: alice, resource: syntheaSample()[3] }], { actor: 'h' })
    await expect(data.spine.write([{ patient: bob, resource: syntheaSample()[3], recordId: row!.recordId }], { actor: 'h' }))
      .rejects.toMatchObject({ code: 'CONFLICT' })
  })

  it('reads an unknown record as NOT_FOUND and a shredded one as KEY_NOT_FOUND', async () => {
    await expect(data.spine.read('no-such-record')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const [row] = await data.spine.write([{ patient: alice, resource: syntheaSample()[4] }], { actor: 'h' })
    expect(data.keys.shred(row!.recordId)).toBe(1)
    const err = await data.spine.read(row!.recordId).catch((e: unknown) => e)
    expect(isError(err, 'KEY_NOT_FOUND')).toBe(true)
  })

  it('survives a close and reopen: records, blocks and proofs are all there', async () => {
    const rows = await data.spine.write(syntheaSample().map((resource) => ({ patient: alice, resource })), { actor: 'h' })
    await data.close()
    data = await openDataDir(tmp.dir, { fsync: false })
    expect(data.index.count()).toBe(rows.length)
    expect(data.ledger.size()).toBe(rows.length)
    expect(data.ledger.latestBlock()!.treeSize).toBe(rows.length)
    expect((await data.spine.read(rows[5]!.recordId)).resource).toEqual(syntheaSample()[5])
  })
})
