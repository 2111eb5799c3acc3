/**
 * An append-only RFC 9162 §2.1 Merkle tree that can answer for any past size.
 *
 * It stores every complete, aligned subtree: row k holds, packed 32 bytes apiece, the hash of
 * leaves [i·2^k, (i+1)·2^k) for every i whose range is already filled. An append adds one leaf and
 * then the (amortised one) parents it completes, so building n leaves costs about n node hashes.
 * Every node that MTH, PATH or PROOF (RFC 9162 §2.1.1, §2.1.3.1, §2.1.4.1) needs for a past size
 * is either such a stored subtree or lies on that size's right edge, so roots and proofs cost
 * O(log n) lookups plus at most O(log n) hashes, never a rebuild.
 *
 * Everything handed out is a copy; callers can never reach the stored bytes.
 */
import { makeError } from '../errors.ts'
import { emptyRoot, HASH_LENGTH, isHash, nodeHash, nodeHashInto } from './hasher.ts'

/** One level of the tree: `count` hashes packed into `bytes` (capacity grows by doubling). */
interface Row {
  bytes: Uint8Array
  count: number
}

const INITIAL_CAPACITY = 64

/** Adds one (unwritten) slot to `row` and returns its byte offset; grows the row by doubling. */
function reserve (row: Row): number {
  const offset = row.count * HASH_LENGTH
  if (offset + HASH_LENGTH > row.bytes.length) {
    const grown = new Uint8Array(Math.max(offset + HASH_LENGTH, row.bytes.length * 2, INITIAL_CAPACITY * HASH_LENGTH))
    grown.set(row.bytes.subarray(0, offset))
    row.bytes = grown
  }
  row.count++
  return offset
}

/** A view (not a copy) of hash `i` in `row`; only valid until the row next grows. */
function hashAt (row: Row, i: number): Uint8Array {
  return row.bytes.subarray(i * HASH_LENGTH, (i + 1) * HASH_LENGTH)
}

/** The largest power of two smaller than n (n >= 2): "k" in RFC 9162 §2.1.1. */
function splitPoint (n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** log2(n) when n is a power of two, else -1. */
function exactLog2 (n: number): number {
  let level = 0
  for (let p = 1; p <= n; p *= 2, level++) {
    if (p === n) return level
  }
  return -1
}

function badInput (message: string, info: Record<string, unknown>): never {
  throw makeError(message, 'BAD_INPUT', info)
}

function checkCount (name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    badInput(`${name} must be a non-negative integer`, { [name]: value })
  }
}

function checkLeafHash (hash: unknown, position: number): asserts hash is Uint8Array {
  if (!isHash(hash)) badInput(`leaf hash must be a Uint8Array of ${HASH_LENGTH} bytes`, { position })
}

/** Append-only RFC 9162 Merkle tree over leaf hashes (see the module comment for the layout). */
export class MerkleTree {
  /** rows[k] = hashes of the complete aligned subtrees of 2^k leaves; rows[0] = leaf hashes. */
  readonly #rows: Row[] = [{ bytes: new Uint8Array(0), count: 0 }]

  /** Number of leaves appended so far. Throws nothing. */
  get size (): number {
    return (this.#rows[0] as Row).count
  }

  /**
   * Appends one leaf hash (already `leafHash(data)`, RFC 9162 §2.1.1) and returns its index.
   * Throws MedledgerError 'BAD_INPUT' unless `hash` is a 32-byte Uint8Array.
   */
  append (hash: Uint8Array): number {
    checkLeafHash(hash, 0)
    return this.#push(hash)
  }

  /**
   * Appends leaf hashes in order; all or nothing.
   * Throws MedledgerError 'BAD_INPUT' (appending none) unless every element is a 32-byte Uint8Array.
   */
  appendMany (hashes: Uint8Array[]): void {
    if (!Array.isArray(hashes)) badInput('hashes must be an array', {})
    hashes.forEach(checkLeafHash)
    for (const hash of hashes) this.#push(hash)
  }

  /**
   * A copy of the hash of leaf `index`.
   * Throws MedledgerError 'BAD_INPUT' unless 0 <= index < size (integer).
   */
  leafHash (index: number): Uint8Array {
    this.#checkIndex(index, this.size)
    return hashAt(this.#rows[0] as Row, index).slice()
  }

  /**
   * MTH(D[size]) (RFC 9162 §2.1.1) of the first `size` leaves; size 0 gives the empty root.
   * Throws MedledgerError 'BAD_INPUT' unless 0 <= size <= this.size (integer).
   */
  root (size: number = this.size): Uint8Array {
    this.#checkSize(size)
    return size === 0 ? emptyRoot() : this.#subtree(0, size).slice()
  }

  /**
   * PATH(index, D[size]) (RFC 9162 §2.1.3.1): sibling hashes from the leaf up to the root.
   * Throws MedledgerError 'BAD_INPUT' unless 0 <= index < size <= this.size (integers).
   */
  inclusionProof (index: number, size: number = this.size): Uint8Array[] {
    this.#checkSize(size)
    this.#checkIndex(index, size)
    const out: Uint8Array[] = []
    this.#path(index, 0, size, out)
    return out
  }

  /**
   * PROOF(fromSize, D[toSize]) (RFC 9162 §2.1.4.1). Empty when fromSize is toSize or 0: the RFC
   * defines PROOF only for 0 < m < n, and the verifier (§2.1.4.2 plus verify.ts) accepts those
   * two cases only with an empty proof.
   * Throws MedledgerError 'BAD_INPUT' unless 0 <= fromSize <= toSize <= this.size (integers).
   */
  consistencyProof (fromSize: number, toSize: number = this.size): Uint8Array[] {
    this.#checkSize(toSize)
    checkCount('fromSize', fromSize)
    if (fromSize > toSize) badInput('fromSize must not exceed toSize', { fromSize, toSize })
    const out: Uint8Array[] = []
    if (fromSize > 0) this.#subproof(fromSize, 0, toSize, true, out)
    return out
  }

  #push (hash: Uint8Array): number {
    const rows = this.#rows
    const index = this.size
    const leaves = rows[0] as Row
    const at = reserve(leaves) // may replace leaves.bytes: read it after
    leaves.bytes.set(hash, at)
    // Each odd position closes a pair: hash it into the row above (RFC 9162 §2.1.1, k = 2^level),
    // straight into its slot (no intermediate array).
    let i = index
    for (let level = 0; i % 2 === 1; level++) {
      const row = rows[level] as Row
      if (rows.length === level + 1) rows.push({ bytes: new Uint8Array(0), count: 0 })
      const parentRow = rows[level + 1] as Row
      const offset = reserve(parentRow)
      nodeHashInto(hashAt(row, i - 1), hashAt(row, i), parentRow.bytes, offset)
      i = (i - 1) / 2
    }
    return index
  }

  /**
   * MTH(D[start:end]) for 0 <= start < end <= size. A stored view when the range is a complete
   * aligned subtree, else split at k as in RFC 9162 §2.1.1 (only right-edge ranges get here).
   */
  #subtree (start: number, end: number): Uint8Array {
    const n = end - start
    const level = exactLog2(n)
    if (level >= 0 && start % n === 0) return hashAt(this.#rows[level] as Row, start / n)
    const k = splitPoint(n)
    return nodeHash(this.#subtree(start, start + k), this.#subtree(start + k, end))
  }

  /** PATH(m, D[start:end]) of RFC 9162 §2.1.3.1, appended to `out` leaf-first. */
  #path (m: number, start: number, end: number, out: Uint8Array[]): void {
    const n = end - start
    if (n === 1) return
    const k = splitPoint(n)
    if (m < k) {
      this.#path(m, start, start + k, out)
      out.push(this.#subtree(start + k, end).slice())
    } else {
      this.#path(m - k, start + k, end, out)
      out.push(this.#subtree(start, start + k).slice())
    }
  }

  /** SUBPROOF(m, D[start:end], b) of RFC 9162 §2.1.4.1, appended to `out`. */
  #subproof (m: number, start: number, end: number, b: boolean, out: Uint8Array[]): void {
    const n = end - start
    if (m === n) {
      if (!b) out.push(this.#subtree(start, end).slice())
      return
    }
    const k = splitPoint(n)
    if (m <= k) {
      this.#subproof(m, start, start + k, b, out)
      out.push(this.#subtree(start + k, end).slice())
    } else {
      this.#subproof(m - k, start + k, end, false, out)
      out.push(this.#subtree(start, start + k).slice())
    }
  }

  #checkSize (size: unknown): asserts size is number {
    checkCount('size', size)
    if (size > this.size) badInput('size exceeds the number of leaves', { size, treeSize: this.size })
  }

  #checkIndex (index: unknown, size: number): asserts index is number {
    checkCount('index', index)
    if (index >= size) badInput('index must be below the tree size', { index, size })
  }
}
