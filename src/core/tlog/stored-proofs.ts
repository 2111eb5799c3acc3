/**
 * RFC 9162 §2.1 roots and proofs computed from stored subtree hashes instead of an in-memory tree.
 *
 * A {@link NodeReader} returns the hash of a complete, aligned subtree: node (level, index) covers leaves
 * [index·2^level, (index+1)·2^level). Every node MTH, PATH and PROOF need for a tree of `size` leaves is
 * either such a complete node or lies on the right edge of that size, and right-edge nodes are hashed here
 * from complete ones — the same recursion as {@link MerkleTree} (core/merkle/tree.ts), so the bytes agree.
 *
 * Storage is often asynchronous: {@link nodesNeeded} runs a computation with a reader that only records
 * which nodes it asks for (the recursion never depends on hash values), so an adapter can fetch exactly
 * those tiles in one round trip and then run the computation for real.
 */
import { makeError } from '../errors.ts'
import { emptyRoot, nodeHash } from '../merkle/hasher.ts'

/** Hash of the complete subtree at (level, index); must return 32 bytes. */
export type NodeReader = (level: number, index: number) => Uint8Array

/** The largest power of two smaller than n (n >= 2): "k" in RFC 9162 §2.1.1. */
function splitPoint (n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** log2(n) when n is a power of two, else -1. */
function exactLog2 (n: number): number {
  let level = 0
  for (let p = 1; p <= n; p *= 2, level++) if (p === n) return level
  return -1
}

function subtree (read: NodeReader, start: number, end: number): Uint8Array {
  const n = end - start
  const level = exactLog2(n)
  if (level >= 0 && start % n === 0) return read(level, start / n)
  const k = splitPoint(n)
  return nodeHash(subtree(read, start, start + k), subtree(read, start + k, end))
}

function path (read: NodeReader, m: number, start: number, end: number, out: Uint8Array[]): void {
  const n = end - start
  if (n === 1) return
  const k = splitPoint(n)
  if (m < k) {
    path(read, m, start, start + k, out)
    out.push(subtree(read, start + k, end))
  } else {
    path(read, m - k, start + k, end, out)
    out.push(subtree(read, start, start + k))
  }
}

function subproof (read: NodeReader, m: number, start: number, end: number, b: boolean, out: Uint8Array[]): void {
  const n = end - start
  if (m === n) {
    if (!b) out.push(subtree(read, start, end))
    return
  }
  const k = splitPoint(n)
  if (m <= k) {
    subproof(read, m, start, start + k, b, out)
    out.push(subtree(read, start + k, end))
  } else {
    subproof(read, m - k, start + k, end, false, out)
    out.push(subtree(read, start, start + k))
  }
}

function checkCount (name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw makeError(`${name} must be a non-negative integer`, 'BAD_INPUT', { [name]: value })
  }
}

/**
 * MTH(D[size]) (RFC 9162 §2.1.1); the empty root for size 0.
 * @throws MedledgerError BAD_INPUT for a size that is not a non-negative integer
 */
export function storedRoot (read: NodeReader, size: number): Uint8Array {
  checkCount('size', size)
  return size === 0 ? emptyRoot() : subtree(read, 0, size)
}

/**
 * PATH(index, D[size]) (RFC 9162 §2.1.3.1), leaf first.
 * @throws MedledgerError BAD_INPUT unless 0 <= index < size
 */
export function storedInclusionProof (read: NodeReader, index: number, size: number): Uint8Array[] {
  checkCount('index', index)
  checkCount('size', size)
  if (index >= size) throw makeError('index must be below the tree size', 'BAD_INPUT', { index, size })
  const out: Uint8Array[] = []
  path(read, index, 0, size, out)
  return out
}

/**
 * PROOF(fromSize, D[toSize]) (RFC 9162 §2.1.4.1); empty when fromSize is 0 or toSize (as core/merkle/tree.ts).
 * @throws MedledgerError BAD_INPUT unless 0 <= fromSize <= toSize
 */
export function storedConsistencyProof (read: NodeReader, fromSize: number, toSize: number): Uint8Array[] {
  checkCount('fromSize', fromSize)
  checkCount('toSize', toSize)
  if (fromSize > toSize) throw makeError('fromSize must not exceed toSize', 'BAD_INPUT', { fromSize, toSize })
  const out: Uint8Array[] = []
  if (fromSize > 0) subproof(read, fromSize, 0, toSize, true, out)
  return out
}

const PLACEHOLDER = new Uint8Array(32)

/** The nodes (level, index) that `compute` reads, without reading any: run it again with a real reader. */
export function nodesNeeded (compute: (read: NodeReader) => unknown): Array<[level: number, index: number]> {
  const seen = new Set<string>()
  const out: Array<[number, number]> = []
  compute((level, index) => {
    const key = `${level}/${index}`
    if (!seen.has(key)) { seen.add(key); out.push([level, index]) }
    return PLACEHOLDER
  })
  return out
}
