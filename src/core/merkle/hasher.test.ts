import { describe, expect, it } from 'vitest'
import { leaves, nodeHashes, roots } from '../../../test/vectors/rfc6962/vectors.ts'
import { EMPTY_ROOT, emptyRoot, HASH_LENGTH, isHash, leafHash, nodeHash } from './hasher.ts'

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
