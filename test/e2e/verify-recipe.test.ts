// docs/verify.md followed step by step with code written from that page alone — noble's SHA-256,
// Keccak-256 and secp256k1, no medledger module — against what a real gateway serves over HTTP. Each check
// also meets a tampered input it must refuse, so a broken step cannot pass.
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { codes } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'
import { client, login, ok } from './consent-helpers.ts'
import type { Credential } from './consent-helpers.ts'

// ---- the recipe, from docs/verify.md -------------------------------------------------------------------

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const unhex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/^0x/, ''), 'hex'))
const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts))

/** §3: leaf = SHA-256(0x00 ‖ entry). */
function leafOf (entry: string): Uint8Array {
  return sha256(cat(Uint8Array.of(0), utf8(entry)))
}

/** §4: RFC 9162 §2.1.3.2, the root an inclusion path leads to (undefined when it cannot). */
function rootFrom (leaf: Uint8Array, index: number, size: number, path: string[]): Uint8Array | undefined {
  if (index >= size) return undefined
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const h of path) {
    const p = unhex(h)
    if (sn === 0) return undefined
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(cat(Uint8Array.of(1), p, r))
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn >>= 1; sn >>= 1 }
    } else {
      r = sha256(cat(Uint8Array.of(1), r, p))
    }
    fn >>= 1
    sn >>= 1
  }
  return sn === 0 ? r : undefined
}

interface Block { height: number, prevHash: string, treeSize: number, root: string, timeMs: number, signer: string, signature: string }

/** §5: SHA-256 over the sorted six-field header, `time` being `timeMs`. */
function blockDigest (b: Block): Uint8Array {
  const header = `{"height":${b.height},"prevHash":${JSON.stringify(b.prevHash)},"root":${JSON.stringify(b.root)},"signer":${JSON.stringify(b.signer)},"time":${b.timeMs},"treeSize":${b.treeSize}}`
  return sha256(utf8(header))
}

/** §6: the Ethereum address that signed `digest` (r ‖ s ‖ v, v = 27/28, no prefix). */
function recoverSigner (digest: Uint8Array, signature: string): string {
  const sig = unhex(signature)
  const recovered = cat(Uint8Array.of(sig[64]! - 27), sig.subarray(0, 64))
  const publicKey = secp256k1.recoverPublicKey(recovered, digest, { prehash: false })
  const uncompressed = secp256k1.Point.fromBytes(publicKey).toBytes(false)
  return '0x' + hex(keccak_256(uncompressed.subarray(1)).subarray(12))
}

/** §7: the hash the next block's prevHash carries. */
function blockHashOf (b: Block): string {
  const full = `{"height":${b.height},"prevHash":${JSON.stringify(b.prevHash)},"root":${JSON.stringify(b.root)},"signature":${JSON.stringify(b.signature)},"signer":${JSON.stringify(b.signer)},"time":${b.timeMs},"treeSize":${b.treeSize}}`
  return hex(sha256(utf8(full)))
}

// ---- the API ------------------------------------------------------------------------------------------

const BLOCK = 'height prevHash treeSize root timeMs signer signature'
const PROOF = `query ($id: ID!) { record(id: $id) { id version anchor { entryIndex cid entry leafHash inclusionProof block { ${BLOCK} } } } }`

interface Anchored { id: string, version: number, anchor: { entryIndex: number, cid: string, entry: string, leafHash: string, inclusionProof: string[] | null, block: Block | null } }

describe('docs/verify.md, followed with code written from it', () => {
  const tmp = tempDir('medledger-verify-')
  let services: Awaited<ReturnType<typeof openServices>>
  let gw: RunningServer
  const gql = client(() => gw.url)
  let patient: Credential
  let patientId = ''
  let recordId = ''

  beforeAll(async () => {
    services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 50, fsync: false })
    gw = await createGateway({ services, port: 0 })
    patient = { bearer: (await login(gql, Wallet.createRandom())).bearer }
    patientId = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, patient)).registerPatient.id
    // Two records, so the tree has more than one leaf and the path is not empty.
    for (const value of [120, 130]) {
      const fhir = { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value, unit: 'mm[Hg]' } }
      recordId = (await ok<{ createRecord: { id: string } }>(gql, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', { p: patientId, f: fhir }, patient)).createRecord.id
    }
  })
  afterAll(async () => {
    await gw?.stop()
    await services?.close()
    tmp.cleanup()
  })

  async function sealed (): Promise<Anchored> {
    for (let i = 0; i < 100; i++) {
      const d = await ok<{ record: Anchored }>(gql, PROOF, { id: recordId }, patient)
      if (d.record.anchor.block !== null) return d.record
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error('the entry was not sealed in 5 s')
  }

  it('a record: entry → leaf → inclusion → block digest → signer', async () => {
    const record = await sealed()
    const { anchor } = record
    const block = anchor.block!
    // §2 the entry names this record and its CID
    const entry = JSON.parse(anchor.entry) as Record<string, unknown>
    expect(entry).toMatchObject({ type: 'RecordAnchored', recordId: record.id, version: record.version, cid: anchor.cid })
    expect(Number.isSafeInteger(entry.time)).toBe(true)
    // §3 leaf
    const leaf = leafOf(anchor.entry)
    expect(hex(leaf)).toBe(anchor.leafHash)
    expect(hex(leafOf(anchor.entry.replace(anchor.cid, anchor.cid.slice(0, -1) + (anchor.cid.endsWith('a') ? 'b' : 'a'))))).not.toBe(anchor.leafHash)
    // §4 inclusion
    const path = anchor.inclusionProof!
    expect(path.length).toBeGreaterThan(0)
    expect(hex(rootFrom(leaf, anchor.entryIndex, block.treeSize, path)!)).toBe(block.root)
    const flipped = [...path]
    flipped[0] = (flipped[0]![0] === '0' ? '1' : '0') + flipped[0]!.slice(1)
    expect(hex(rootFrom(leaf, anchor.entryIndex, block.treeSize, flipped) ?? new Uint8Array())).not.toBe(block.root)
    // §5 + §6 digest and signer, against the operator's address learned out of band
    const operator = services.ledger.latestBlock()!.signer
    expect(recoverSigner(blockDigest(block), block.signature)).toBe(operator.toLowerCase())
    expect(block.signer.toLowerCase()).toBe(operator.toLowerCase())
    expect(recoverSigner(blockDigest({ ...block, timeMs: block.timeMs + 1 }), block.signature)).not.toBe(operator.toLowerCase())
  })

  it('an access-log entry: the same recipe on AccessLogProof', async () => {
    const stranger: Credential = { bearer: (await login(gql, Wallet.createRandom())).bearer }
    const denied = await gql('query ($id: ID!) { record(id: $id) { id } }', { id: recordId }, stranger)
    expect(codes(denied)).toEqual(['CONSENT_REQUIRED'])
    type Log = Array<{ entryIndex: number, decision: string, proof: { entry: string, leafHash: string, path: string[], blockHeight: number, treeSize: number, root: string } | null }>
    let log: Log = []
    for (let i = 0; i < 100 && (log.length === 0 || log[0]!.proof === null); i++) {
      log = (await ok<{ patient: { accessLog: Log } }>(gql, 'query ($p: ID!) { patient(id: $p) { accessLog(first: 1) { entryIndex decision proof { entry leafHash path blockHeight treeSize root } } } }', { p: patientId }, patient)).patient.accessLog
      if (log[0]?.proof === null) await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const { proof, entryIndex } = log[0]!
    expect(JSON.parse(proof!.entry)).toMatchObject({ type: 'AccessLogged', subject: patientId, recordIds: [recordId], decision: 'deny' })
    const leaf = leafOf(proof!.entry)
    expect(hex(leaf)).toBe(proof!.leafHash)
    expect(hex(rootFrom(leaf, entryIndex, proof!.treeSize, proof!.path)!)).toBe(proof!.root)
    const { ledgerBlock } = await ok<{ ledgerBlock: Block }>(gql, `query ($h: Int!) { ledgerBlock(height: $h) { ${BLOCK} } }`, { h: proof!.blockHeight }, undefined)
    expect(ledgerBlock.root).toBe(proof!.root)
    expect(recoverSigner(blockDigest(ledgerBlock), ledgerBlock.signature)).toBe(ledgerBlock.signer.toLowerCase())
  })

  it('blocks chain by prevHash (§7)', async () => {
    const { ledgerBlocks } = await ok<{ ledgerBlocks: { nodes: Block[] } }>(gql, `{ ledgerBlocks(first: 100) { nodes { ${BLOCK} } } }`, {}, undefined)
    const blocks = [...ledgerBlocks.nodes].reverse()
    expect(blocks.length).toBeGreaterThan(1)
    expect(blocks[0]!.prevHash).toBe('0'.repeat(64))
    for (let h = 1; h < blocks.length; h++) expect(blocks[h]!.prevHash, `block ${h}`).toBe(blockHashOf(blocks[h - 1]!))
  })
})
