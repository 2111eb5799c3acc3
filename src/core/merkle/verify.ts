/**
 * Proof checking, RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency); same results as the
 * RFC 6962 tree. The verify* functions never throw: any malformed input (wrong hash length,
 * negative or fractional sizes, non-arrays) is simply "not proven". The assert* variants throw one
 * opaque error whose info carries no hashes.
 */
import { makeError } from '../errors.ts'
import { emptyRoot, isHash, nodeHash } from './hasher.ts'

/**
 * Byte equality whose running time depends only on the lengths, never on where bytes differ.
 * (Lengths are public here: every hash is 32 bytes.)
 */
function equalBytes (a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}

function isCount (value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function isHashList (value: unknown): value is readonly Uint8Array[] {
  return Array.isArray(value) && value.every(isHash)
}

// Sizes may exceed 2^32, so use arithmetic rather than 32-bit bit operators.
const isOdd = (x: number): boolean => x % 2 === 1
const half = (x: number): number => Math.floor(x / 2)

/**
 * True when `proof` shows that `leafHash` is leaf `index` of the tree of `treeSize` leaves with
 * root `root` — the algorithm of RFC 9162 §2.1.3.2. False (never throws) for index >= treeSize,
 * malformed arguments, or a proof of the wrong length or content.
 */
export function verifyInclusion (leafHash: Uint8Array, index: number, treeSize: number,
  proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!isHash(leafHash) || !isHash(root) || !isHashList(proof)) return false
  if (!isCount(index) || !isCount(treeSize) || index >= treeSize) return false // step 1
  let fn = index // step 2
  let sn = treeSize - 1
  let r = leafHash // step 3
  for (const p of proof) { // step 4
    if (sn === 0) return false // 4a: proof longer than the path
    if (isOdd(fn) || fn === sn) { // 4b
      r = nodeHash(p, r)
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) { fn = half(fn); sn = half(sn) }
      }
    } else {
      r = nodeHash(r, p)
    }
    fn = half(fn); sn = half(sn) // 4c
  }
  return sn === 0 && equalBytes(r, root) // step 5
}

/**
 * True when `proof` shows that the tree of `toSize` leaves with root `toRoot` extends the tree of
 * `fromSize` leaves with root `fromRoot` — RFC 9162 §2.1.4.2, plus the cases the RFC leaves out:
 * - fromSize == toSize: consistent only with an empty proof and equal roots;
 * - fromSize == 0: every tree extends the empty one, so only an empty proof is accepted, and
 *   fromRoot must be the empty-tree root (RFC 9162 §2.1.1); toRoot is not constrained.
 * False (never throws) for fromSize > toSize or malformed arguments.
 */
export function verifyConsistency (fromSize: number, toSize: number, fromRoot: Uint8Array,
  toRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!isCount(fromSize) || !isCount(toSize) || fromSize > toSize) return false
  if (!isHash(fromRoot) || !isHash(toRoot) || !isHashList(proof)) return false
  if (fromSize === 0) {
    const fromIsEmpty = equalBytes(fromRoot, emptyRoot())
    return proof.length === 0 && fromIsEmpty && (toSize > 0 || equalBytes(toRoot, fromRoot))
  }
  if (fromSize === toSize) return proof.length === 0 && equalBytes(fromRoot, toRoot)
  if (proof.length === 0) return false // step 1
  // Step 2: a power-of-two first tree is a node of the second, so its root starts the path.
  const path = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : proof
  let fn = fromSize - 1 // step 3
  let sn = toSize - 1
  while (isOdd(fn)) { fn = half(fn); sn = half(sn) } // step 4
  let fr = path[0] as Uint8Array // step 5
  let sr = fr
  for (const c of path.slice(1)) { // step 6
    if (sn === 0) return false // 6a
    if (isOdd(fn) || fn === sn) { // 6b
      fr = nodeHash(c, fr)
      sr = nodeHash(c, sr)
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) { fn = half(fn); sn = half(sn) }
      }
    } else {
      sr = nodeHash(sr, c)
    }
    fn = half(fn); sn = half(sn) // 6c
  }
  // Step 7: evaluate both comparisons before combining them.
  const fromOk = equalBytes(fr, fromRoot)
  const toOk = equalBytes(sr, toRoot)
  return sn === 0 && fromOk && toOk
}

function isPowerOfTwo (n: number): boolean {
  let p = 1
  while (p < n) p *= 2
  return p === n
}

/**
 * `verifyInclusion`, throwing instead of returning false.
 * Throws MedledgerError 'PROOF_INVALID' (info: { proof: 'inclusion' }, no hashes) unless it verifies.
 */
export function assertInclusion (leafHash: Uint8Array, index: number, treeSize: number,
  proof: readonly Uint8Array[], root: Uint8Array): void {
  if (!verifyInclusion(leafHash, index, treeSize, proof, root)) {
    throw makeError('inclusion proof does not verify', 'PROOF_INVALID', { proof: 'inclusion' })
  }
}

/**
 * `verifyConsistency`, throwing instead of returning false.
 * Throws MedledgerError 'PROOF_INVALID' (info: { proof: 'consistency' }, no hashes) unless it verifies.
 */
export function assertConsistency (fromSize: number, toSize: number, fromRoot: Uint8Array,
  toRoot: Uint8Array, proof: readonly Uint8Array[]): void {
  if (!verifyConsistency(fromSize, toSize, fromRoot, toRoot, proof)) {
    throw makeError('consistency proof does not verify', 'PROOF_INVALID', { proof: 'consistency' })
  }
}
