/**
 * A deliberately naive, recursive transcription of RFC 9162 §2.1.1–2.1.4 (same tree as RFC 6962
 * §2.1). Every call rehashes whole subtrees (O(n) hashes), so it exists only to cross-check the fast
 * `MerkleTree` in tests. Inputs are leaf hashes (already `leafHash(d(i))`), so MTH of a one-element
 * list is that element itself.
 */
import { makeError } from '../errors.ts'
import { emptyRoot, nodeHash } from './hasher.ts'

/** The largest power of two smaller than n (n >= 2): "k" in RFC 9162 §2.1.1. */
function splitPoint (n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

function mth (d: readonly Uint8Array[]): Uint8Array {
  const n = d.length
  if (n === 0) return emptyRoot()
  if (n === 1) return (d[0] as Uint8Array).slice()
  const k = splitPoint(n)
  return nodeHash(mth(d.slice(0, k)), mth(d.slice(k)))
}

function path (m: number, d: readonly Uint8Array[]): Uint8Array[] {
  const n = d.length
  if (n === 1) return []
  const k = splitPoint(n)
  if (m < k) return [...path(m, d.slice(0, k)), mth(d.slice(k))]
  return [...path(m - k, d.slice(k)), mth(d.slice(0, k))]
}

function subproof (m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] {
  const n = d.length
  if (m === n) return b ? [] : [mth(d)]
  const k = splitPoint(n)
  if (m <= k) return [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
  return [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))]
}

function checkCount (name: string, value: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw makeError(`${name} must be an integer in [0, ${max}]`, 'BAD_INPUT', { [name]: value, max })
  }
}

/**
 * MTH(D[n]) of RFC 9162 §2.1.1 over leaf hashes; the empty list gives the empty root.
 * Throws nothing.
 */
export function referenceRoot (leafHashes: readonly Uint8Array[]): Uint8Array {
  return mth(leafHashes)
}

/**
 * PATH(m, D[n]) of RFC 9162 §2.1.3.1, leaf-to-root order, n = leafHashes.length.
 * Throws MedledgerError 'BAD_INPUT' unless 0 <= index < n.
 */
export function referenceInclusionProof (leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
  checkCount('index', index, leafHashes.length - 1)
  return path(index, leafHashes)
}

/**
 * PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1, n = leafHashes.length.
 * The RFC defines it for 0 < m < n; here m = n gives SUBPROOF(n, D[n], true) = {} and m = 0 gives
 * {} too (every tree extends the empty tree, nothing to prove).
 * Throws MedledgerError 'BAD_INPUT' unless 0 <= m <= n.
 */
export function referenceConsistencyProof (leafHashes: readonly Uint8Array[], m: number): Uint8Array[] {
  checkCount('m', m, leafHashes.length)
  if (m === 0) return []
  return subproof(m, leafHashes, true)
}
