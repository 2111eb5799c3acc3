import { makeError } from '../errors.ts'
import type { Rng } from '../types.ts'

/**
 * Small byte helpers shared by the envelope files (internal; not re-exported from index.ts).
 * Argument checks here throw MedledgerError BAD_INPUT; structure checks live in format.ts.
 */

/** Largest value a u32 length prefix or version field can hold. */
export const U32_MAX = 0xffff_ffff

const encoder = new TextEncoder()
// fatal: reject invalid UTF-8; ignoreBOM: keep a leading U+FEFF so decode → encode is byte-exact.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const SURROGATE = /[\uD800-\uDFFF]/

/** Throws BAD_INPUT unless `value` is a Uint8Array (of `length`, when given). */
export function assertBytes (value: unknown, name: string, length?: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw makeError(`${name} must be a Uint8Array`, 'BAD_INPUT', { field: name })
  if (length !== undefined && value.length !== length) {
    throw makeError(`${name} must be ${length} bytes, got ${value.length}`, 'BAD_INPUT', { field: name, expected: length, actual: value.length })
  }
}

/** Throws BAD_INPUT unless `value` is an integer in [0, 2^32 - 1]. */
export function assertU32 (value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > U32_MAX) {
    throw makeError(`${name} must be an integer from 0 to 2^32 - 1`, 'BAD_INPUT', { field: name })
  }
}

/** `n` bytes from `rng`; throws BAD_INPUT when the Rng returns anything but `n` fresh bytes. */
export function randomBytes (rng: Rng, n: number): Uint8Array {
  if (rng === null || typeof rng !== 'object' || typeof rng.bytes !== 'function') {
    throw makeError('rng must be an Rng', 'BAD_INPUT', { field: 'rng' })
  }
  const out = rng.bytes(n)
  if (!(out instanceof Uint8Array) || out.length !== n) {
    throw makeError(`rng.bytes(${n}) must return ${n} bytes`, 'BAD_INPUT', { field: 'rng' })
  }
  return out
}

/** Strings up to this length that are pure ASCII are encoded in JS (ids: TextEncoder's call costs more). */
const SHORT = 128

/** UTF-8 bytes of a well-formed string (lone surrogates would encode lossily, so they are refused). */
export function utf8Encode (value: string, name: string): Uint8Array {
  if (value.length <= SHORT) {
    // ASCII is its own UTF-8; ids (uuids, FHIR ids) almost always are, and each record encodes them 5 times
    const out = new Uint8Array(value.length)
    let i = 0
    for (; i < value.length; i++) {
      const c = value.charCodeAt(i)
      if (c > 0x7f) break
      out[i] = c
    }
    if (i === value.length) return out
  }
  const bytes = encoder.encode(value)
  // A lone surrogate becomes U+FFFD, so two different strings would share bytes: refuse it. A string
  // without any surrogate code unit is well-formed, so only those (rare in ids) pay for the round trip.
  if (SURROGATE.test(value) && decoder.decode(bytes) !== value) throw makeError(`${name} must be well-formed Unicode`, 'BAD_INPUT', { field: name })
  return bytes
}

/** Strict UTF-8 decode; returns undefined for invalid UTF-8. */
export function utf8Decode (bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes)
  } catch {
    return undefined
  }
}

/** Writes `value` as a big-endian u32 at `offset`. */
export function writeU32 (out: Uint8Array, offset: number, value: number): void {
  out[offset] = value >>> 24
  out[offset + 1] = (value >>> 16) & 0xff
  out[offset + 2] = (value >>> 8) & 0xff
  out[offset + 3] = value & 0xff
}

/** Reads a big-endian u32 at `offset` (caller checks bounds). */
export function readU32 (bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) * 0x100_0000) + (((bytes[offset + 1] ?? 0) << 16) | ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0))
}

/** Big-endian u32 as 4 bytes. */
export function u32Bytes (value: number): Uint8Array {
  const out = new Uint8Array(4)
  writeU32(out, 0, value)
  return out
}

/** Concatenation of the parts, each preceded by its length as a big-endian u32. */
export function lengthPrefixed (...parts: Uint8Array[]): Uint8Array {
  let size = 0
  for (const p of parts) size += 4 + p.length
  const out = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    writeU32(out, at, p.length)
    copyInto(out, p, at + 4)
    at += 4 + p.length
  }
  return out
}

/** Plain concatenation (for a fixed label followed by self-delimiting encodings). */
export function concat (...parts: Uint8Array[]): Uint8Array {
  let size = 0
  for (const p of parts) size += p.length
  const out = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    copyInto(out, p, at)
    at += p.length
  }
  return out
}

/** out.set(p, at), with short parts copied in JS: TypedArray#set costs more than a short loop. */
export function copyInto (out: Uint8Array, p: Uint8Array, at: number): void {
  if (p.length > 64) {
    out.set(p, at)
    return
  }
  for (let i = 0; i < p.length; i++) out[at + i] = p[i]!
}

/**
 * A reusable buffer for non-secret scratch bytes (associated data): `scratch(state, n)` returns a view of
 * n bytes that the next call on the same state overwrites, so callers use it synchronously and pass on
 * nothing that keeps it. Allocating a typed array over 64 bytes costs ~0.5–2.5 µs here, several per record.
 */
export interface Scratch { buffer: Uint8Array }
export function scratch (state: Scratch, size: number): Uint8Array {
  if (state.buffer.length < size) state.buffer = new Uint8Array(Math.max(size, 2 * state.buffer.length))
  return state.buffer.subarray(0, size)
}

/** Overwrites secrets with zeros. */
export function wipe (...arrays: Array<Uint8Array | undefined>): void {
  for (const a of arrays) a?.fill(0)
}
