// The proof check of docs/verify.md, in the browser: entry → leaf → RFC 9162 inclusion → block digest →
// secp256k1 signer. Only noble's SHA-256, Keccak-256 and secp256k1; nothing trusted from the server but bytes.
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'

/** What the API serves for one record version's anchor. */
export interface AnchorProof {
  entryIndex: number
  cid: string
  entry: string
  leafHash: string
  inclusionProof?: string[] | null
  block?: { height: number, prevHash: string, treeSize: number, root: string, timeMs: number, signer: string, signature: string } | null
}

/** The outcome: verified, or not yet sealed, or the first step that failed. */
export type ProofCheck = { ok: true, signer: string } | { ok: false, reason: string }

const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.length }
  return out
}
const unhex = (h: string): Uint8Array => hexToBytes(h.replace(/^0x/, ''))

function rootFrom (leaf: Uint8Array, index: number, size: number, path: string[]): Uint8Array | undefined {
  if (index >= size) return undefined
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const h of path) {
    if (sn === 0) return undefined
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(cat(Uint8Array.of(1), unhex(h), r))
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn >>= 1; sn >>= 1 }
    } else {
      r = sha256(cat(Uint8Array.of(1), r, unhex(h)))
    }
    fn >>= 1
    sn >>= 1
  }
  return sn === 0 ? r : undefined
}

/**
 * Checks one record version's proof: the entry names this record and CID, hashes to the leaf, the path leads
 * to the block root, and the block is signed by `trustedSigner` (when given; else by the address it names).
 */
export function checkAnchor (record: { id: string, version: number }, anchor: AnchorProof, trustedSigner?: string): ProofCheck {
  let entry: { type?: string, recordId?: string, version?: number, cid?: string }
  try { entry = JSON.parse(anchor.entry) as typeof entry } catch { return { ok: false, reason: 'entry is not JSON' } }
  if (entry.type !== 'RecordAnchored' || entry.recordId !== record.id || entry.version !== record.version || entry.cid !== anchor.cid) {
    return { ok: false, reason: 'entry does not name this record' }
  }
  const leaf = sha256(cat(Uint8Array.of(0), utf8ToBytes(anchor.entry)))
  if (bytesToHex(leaf) !== anchor.leafHash) return { ok: false, reason: 'leaf hash mismatch' }
  const block = anchor.block
  if (block === null || block === undefined || !Array.isArray(anchor.inclusionProof)) return { ok: false, reason: 'not sealed yet' }
  const root = rootFrom(leaf, anchor.entryIndex, block.treeSize, anchor.inclusionProof)
  if (root === undefined || bytesToHex(root) !== block.root) return { ok: false, reason: 'inclusion proof fails' }
  const header = `{"height":${block.height},"prevHash":${JSON.stringify(block.prevHash)},"root":${JSON.stringify(block.root)},"signer":${JSON.stringify(block.signer)},"time":${block.timeMs},"treeSize":${block.treeSize}}`
  const digest = sha256(utf8ToBytes(header))
  const sig = unhex(block.signature)
  if (sig.length !== 65) return { ok: false, reason: 'malformed signature' }
  let address: string
  try {
    const publicKey = secp256k1.recoverPublicKey(cat(Uint8Array.of(sig[64]! - 27), sig.subarray(0, 64)), digest, { prehash: false })
    address = '0x' + bytesToHex(keccak_256(secp256k1.Point.fromBytes(publicKey).toBytes(false).subarray(1)).subarray(12))
  } catch {
    return { ok: false, reason: 'signature does not recover' }
  }
  if (address !== block.signer.toLowerCase()) return { ok: false, reason: 'block not signed by its signer' }
  if (trustedSigner !== undefined && address !== trustedSigner.toLowerCase()) return { ok: false, reason: 'block not signed by the trusted ledger key' }
  return { ok: true, signer: block.signer }
}
