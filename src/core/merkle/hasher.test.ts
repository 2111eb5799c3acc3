import { sha256 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { leaves, nodeHashes, roots } from '../../../test/vectors/rfc6962/vectors.ts'
import { EMPTY_ROOT, emptyRoot, HASH_LENGTH, isHash, leafHash, nodeHash, nodeHashInto } from './hasher.ts'

describe('RFC 9162 §2.1.1 hashing against the published RFC 6962 test tree', () => {
  it('EMPTY_ROOT is SHA-256 of the empty string', () => {
    expect(EMPTY_ROOT).toEqual(roots[0])
    expect(emptyRoot()).toEqual(roots[0])
    expect(emptyRoot()).not.toBe(emptyRoot())
  })

  it('leafHash(d(i)) is the published level-0 hash', () => {
    expect(leaves.map(leafHash)).toEqual(nodeHashes[0])
  })

  it('nodeHash of two published children is the published parent', () => {
    for (let k = 1; k < nodeHashes.length; k++) {
      const below = nodeHashes[k - 1] as Uint8Array[]
      ;(nodeHashes[k] as Uint8Array[]).forEach((parent, i) => {
        expect(nodeHash(below[2 * i] as Uint8Array, below[2 * i + 1] as Uint8Array)).toEqual(parent)
      })
    }
  })

  it('separates leaves from nodes: a 64-byte leaf never hashes like the node over its halves', () => {
    const [a, b] = nodeHashes[0] as [Uint8Array, Uint8Array]
    const joined = new Uint8Array([...a, ...b])
    expect(leafHash(joined)).not.toEqual(nodeHash(a, b))
  })

  it('isHash accepts exactly 32-byte Uint8Arrays', () => {
    expect(isHash(new Uint8Array(HASH_LENGTH))).toBe(true)
    expect(isHash(new Uint8Array(31))).toBe(false)
    expect(isHash(Array.from({ length: 32 }, () => 0))).toBe(false)
    expect(isHash(undefined)).toBe(false)
  })
})

describe('the reused hasher equals one-shot SHA-256 of the prefixed bytes', () => {
  const prefixed = (p: number, ...parts: Uint8Array[]): Uint8Array => sha256(new Uint8Array([p, ...parts.flatMap((x) => [...x])]))

  it('leafHash for every length across three block boundaries, fresh arrays each time', () => {
    for (let n = 0; n <= 200; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff)
      const a = leafHash(data)
      expect(a).toEqual(prefixed(0, data))
      expect(leafHash(data)).not.toBe(a)
    }
  })

  it('interleaved leaf and node hashes of random inputs do not disturb each other', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (data, l, r) => {
      const leaf = leafHash(data)
      const node = nodeHash(l, r)
      expect(leafHash(data)).toEqual(leaf)
      expect(leaf).toEqual(prefixed(0, data))
      expect(node).toEqual(prefixed(1, l, r))
    }))
  })

  it('nodeHashInto writes the node hash at an offset, also over its own inputs', () => {
    const l = leafHash(Uint8Array.of(1))
    const r = leafHash(Uint8Array.of(2))
    const out = new Uint8Array(96).fill(7)
    nodeHashInto(l, r, out, 32)
    expect(out.subarray(32, 64)).toEqual(nodeHash(l, r))
    expect(out.subarray(0, 32)).toEqual(new Uint8Array(32).fill(7))
    const packed = new Uint8Array([...l, ...r])
    nodeHashInto(packed.subarray(0, 32), packed.subarray(32), packed, 0)
    expect(packed.subarray(0, 32)).toEqual(nodeHash(l, r))
  })

  it('recovers after a bad input: the next hash is still right', () => {
    expect(() => leafHash('x' as unknown as Uint8Array)).toThrow()
    expect(leafHash(Uint8Array.of(9))).toEqual(prefixed(0, Uint8Array.of(9)))
  })
})
