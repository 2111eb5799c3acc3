/**
 * RFC 9162 §2.1.1 hashing (identical to RFC 6962 §2.1): SHA-256 with domain separation,
 * 0x00 for leaves and 0x01 for interior nodes, so a leaf can never be passed off as a node
 * (second-preimage resistance, RFC 9162 §2.1.1 last paragraph).
 */
import { sha256 } from '@noble/hashes/sha2.js'

/** Length in bytes of every hash in the tree (SHA-256). */
export const HASH_LENGTH = 32

const LEAF_PREFIX = 0x00
const NODE_PREFIX = 0x01
const EMPTY = sha256(new Uint8Array(0))

/**
 * MTH({d(0)}) = SHA-256(0x00 || d(0)) — RFC 9162 §2.1.1.
 * Throws nothing; any byte string (including empty) is a valid leaf.
 */
export function leafHash (data: Uint8Array): Uint8Array {
  const buf = new Uint8Array(1 + data.length)
  buf[0] = LEAF_PREFIX
  buf.set(data, 1)
  return sha256(buf)
}

/**
 * SHA-256(0x01 || left || right) — the interior node hash of RFC 9162 §2.1.1.
 * Throws nothing; callers are expected to pass 32-byte hashes (not checked here).
 */
export function nodeHash (left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(1 + left.length + right.length)
  buf[0] = NODE_PREFIX
  buf.set(left, 1)
  buf.set(right, 1 + left.length)
  return sha256(buf)
}

/**
 * MTH({}) = SHA-256() — the root of the empty tree, RFC 9162 §2.1.1.
 * A shared instance: never mutate it (this module's own code does not read it; see `emptyRoot`).
 */
export const EMPTY_ROOT: Uint8Array = EMPTY.slice()

/** A fresh copy of the empty-tree root (RFC 9162 §2.1.1) that the caller owns. Throws nothing. */
export function emptyRoot (): Uint8Array {
  return EMPTY.slice()
}

/** True when `value` is a Uint8Array of exactly HASH_LENGTH bytes. Throws nothing. */
export function isHash (value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_LENGTH
}
