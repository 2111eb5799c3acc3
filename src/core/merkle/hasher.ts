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

/*
 * Speed (merkle.append bench): a one-shot `sha256(x)` builds a hasher, two DataViews and an output copy
 * per call, which here costs as much as the compression itself. Instead one hasher is reused: it is reset
 * by cloning a seed state that has already absorbed the domain-separation prefix (so the leaf is never
 * copied behind a prefix byte); `digest()` finishes in the hasher's own buffer (no DataView) and
 * returns one fresh 32-byte array. Safe because every call below runs to completion synchronously (no
 * re-entrancy in single-threaded JS), and the data hashed is public.
 */
type Sha256 = ReturnType<typeof sha256.create>
const LEAF_SEED: Sha256 = sha256.create().update(Uint8Array.of(LEAF_PREFIX))
const NODE_SEED: Sha256 = sha256.create().update(Uint8Array.of(NODE_PREFIX))
const work: Sha256 = sha256.create()

/**
 * MTH({d(0)}) = SHA-256(0x00 || d(0)) — RFC 9162 §2.1.1.
 * Throws nothing; any byte string (including empty) is a valid leaf.
 */
export function leafHash (data: Uint8Array): Uint8Array {
  LEAF_SEED._cloneInto(work)
  return work.update(data).digest()
}

/**
 * SHA-256(0x01 || left || right) — the interior node hash of RFC 9162 §2.1.1.
 * Throws nothing; callers are expected to pass 32-byte hashes (not checked here).
 */
export function nodeHash (left: Uint8Array, right: Uint8Array): Uint8Array {
  NODE_SEED._cloneInto(work)
  return work.update(left).update(right).digest()
}

/**
 * nodeHash written into `out[offset, offset + 32)` instead of a new array (the tree's append path).
 * `out` may overlap `left` or `right`: both are absorbed before `out` is written.
 * Throws nothing; `out` must have room for 32 bytes at `offset`.
 */
export function nodeHashInto (left: Uint8Array, right: Uint8Array, out: Uint8Array, offset: number): void {
  out.set(nodeHash(left, right), offset)
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
