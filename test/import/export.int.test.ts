import { join } from 'node:path'
import { CarReader } from '@ipld/car/reader'
import { recoverAddress } from 'ethers'
import { equals } from 'multiformats/bytes'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canonicalBytes, canonicalJson } from '../../src/core/canonical-json.ts'
import { openWithPatientKey } from '../../src/core/envelope/index.ts'
import { isError } from '../../src/core/errors.ts'
import type { FhirResource } from '../../src/core/fhir/metadata.ts'
import { toHex } from '../../src/core/hex.ts'
import { blockDigest } from '../../src/core/ledger/block.ts'
import { fromHex, leafHash, verifyInclusion } from '../../src/core/merkle/index.ts'
import { exportPatientBundle, exportPatientCar } from '../../src/export/index.ts'
import type { PatientExportManifest } from '../../src/export/index.ts'
import { importedRecordId, resealClaimedPatient } from '../../src/import/index.ts'
import { claimCodeHash, newClaimCode } from '../../src/subgraphs/identity/custodial.ts'
import { openIdentityStore } from '../../src/subgraphs/identity/store.ts'
import { systemRng } from '../../src/ports/clock.ts'
import { patientKeys, tempDir } from '../support/data.ts'
import { BUNDLES, importPaths, openInstance } from './helpers.ts'
import type { Instance } from './helpers.ts'
import { writeFileSync } from 'node:fs'

const BOB = '3f6fd0bb-6cd3-eb3f-4401-cd38ace25f2b'
/** The provider Bundles and one patient (the whole set is covered by import.int.test.ts). */
const INPUTS = ['hospitalInformation1633536936158.json', 'practitionerInformation1633536936158.json', `Bob965_Keeling57_${BOB}.json`].map((f) => join(BUNDLES, f))

describe('export', () => {
  const tmp = tempDir('medledger-export-')
  let inst: Instance
  const bob = importedRecordId('hosp-a', 'Patient', BOB)

  beforeAll(async () => {
    inst = await openInstance(join(tmp.dir, 'a'))
    const summary = await importPaths(inst, INPUTS)
    expect(summary.rejected).toBe(0)
  }, 60_000)
  afterAll(async () => {
    await inst.close()
    tmp.cleanup()
  })

  it('a patient\'s exported Bundle re-imports into a fresh instance and gives the same records', async () => {
    const bundle = await exportPatientBundle(inst.data, bob, Date.now())
    const entries = bundle.entry as Array<{ fullUrl: string, resource: FhirResource }>
    expect(entries.length).toBeGreaterThan(inst.data.index.byPatient(bob).length) // + referenced directory resources
    const file = join(tmp.dir, 'bob.json')
    writeFileSync(file, JSON.stringify(bundle))

    const fresh = await openInstance(join(tmp.dir, 'b'))
    try {
      const summary = await importPaths(fresh, [file], 'hosp-b')
      expect(summary).toMatchObject({ imported: entries.length, rejected: 0, warnings: 0 })
      // the fresh instance's ids are a function of (hospital, type, exported id): map and compare
      const mapped = (r: FhirResource): string => canonicalJson(JSON.parse(JSON.stringify({ ...r, id: importedRecordId('hosp-b', r.resourceType, r.id!) }),
        (key, value: unknown) => key === 'reference' && typeof value === 'string' && /^[A-Za-z]+\/[0-9a-f-]{36}$/.test(value)
          ? `${value.split('/')[0]!}/${importedRecordId('hosp-b', value.split('/')[0]!, value.split('/')[1]!)}`
          : value))
      for (const { resource } of entries) {
        const newId = importedRecordId('hosp-b', resource.resourceType, resource.id!)
        const { resource: got } = await fresh.data.spine.read(newId)
        expect(canonicalJson(got)).toBe(mapped(resource))
      }
      expect(fresh.data.index.byPatient(importedRecordId('hosp-b', 'Patient', bob)).length).toBe(inst.data.index.byPatient(bob).length)
    } finally {
      await fresh.close()
    }
  }, 60_000)

  it('after a claim, the patient\'s CAR verifies offline: block hashes, wallet-key decryption, inclusion proofs, block signatures', async () => {
    // a wallet signs in, the hospital issues a claim code, the wallet claims Bob: records are resealed to it
    const wallet = patientKeys('bob-wallet')
    const identity = openIdentityStore(join(tmp.dir, 'a', 'identity.db'))
    identity.insertNonce({ nonce: 'n1', address: '0x' + '11'.repeat(20), issuedAt: 0, expiresAt: Date.now() + 60_000, usedAt: null })
    const account = identity.completeSignIn({ nonce: 'n1', now: Date.now(), account: { id: 'acc-bob', address: '0x' + '11'.repeat(20), publicKey: toHex(wallet.publicKey), roles: [], createdAt: 0 } })!
    identity.close()
    const { code, hash } = newClaimCode(systemRng)
    inst.stores.patients.setClaimCode(bob, hash)
    const claimed = inst.stores.patients.claim({ codeHash: claimCodeHash(code), accountId: account.id, now: Date.now() })
    expect(claimed.id).toBe(bob)
    const before = inst.data.index.byPatient(bob).length
    expect(await resealClaimedPatient({ ...inst.data, custodial: inst.stores.custodial }, bob, wallet.publicKey, `account:${account.id}`)).toBe(before)
    expect(inst.stores.custodial.publicKey(bob)).toBeUndefined()
    // a re-import after the claim changes nothing
    expect(await importPaths(inst, INPUTS)).toMatchObject({ imported: 0, rejected: 0 })

    const chunks: Uint8Array[] = []
    await exportPatientCar(inst.data, bob, Date.now(), (c) => { chunks.push(c) })
    const reader = await CarReader.fromBytes(Buffer.concat(chunks))
    for await (const { cid, bytes } of reader.blocks()) {
      expect(equals((await sha256.digest(bytes)).digest, cid.multihash.digest)).toBe(true)
    }
    const [root] = await reader.getRoots()
    const manifest = JSON.parse(new TextDecoder().decode((await reader.get(root!))!.bytes)) as PatientExportManifest
    expect(manifest.records.length).toBe(2 * before) // the custodial versions and the resealed ones
    const latest = new Map<string, number>()
    for (const r of manifest.records) latest.set(r.recordId, Math.max(latest.get(r.recordId) ?? 0, r.version))
    let opened = 0
    const signed = new Set<number>()
    for (const r of manifest.records) {
      expect(r.entry).toMatchObject({ type: 'RecordAnchored', recordId: r.recordId, version: r.version, cid: r.cid })
      expect(toHex(leafHash(canonicalBytes(r.entry)))).toBe(r.proof.leafHash)
      expect(verifyInclusion(fromHex(r.proof.leafHash), r.proof.index, r.proof.treeSize, r.proof.path.map(fromHex), fromHex(r.proof.root))).toBe(true)
      expect(r.proof.block.root).toBe(r.proof.root)
      if (!signed.has(r.proof.block.height)) {
        expect(recoverAddress(blockDigest(r.proof.block), r.proof.block.signature).toLowerCase()).toBe(r.proof.block.signer.toLowerCase())
        signed.add(r.proof.block.height)
      }
      const body = (await reader.get(CID.parse(r.cid)))!.bytes
      if (r.version === latest.get(r.recordId)) {
        const { plaintext, binding } = openWithPatientKey(body, wallet.privateKey, bob)
        expect(binding).toEqual({ recordId: r.recordId, version: r.version, patientId: bob })
        expect((JSON.parse(new TextDecoder().decode(plaintext)) as FhirResource).id).toBe(r.recordId)
        opened++
      } else {
        // sealed to the destroyed custodial key: the wallet cannot open it
        expect(isError((() => { try { return openWithPatientKey(body, wallet.privateKey, bob) } catch (e) { return e } })(), 'DECRYPT_FAILED')).toBe(true)
      }
    }
    expect(opened).toBe(before)
  }, 60_000)
})
