/**
 * Property tests (fast-check): the fast MerkleTree against the naive RFC 9162 reference, its proofs
 * against the verifier, and single-bit corruption against the verifier. Leaves are derived from a
 * seed so a failing case shrinks to (seed, sizes) and replays exactly.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { flipBit } from '../../../test/vectors/rfc6962/probes.ts'
import { leafHash } from './hasher.ts'
import { referenceConsistencyProof, referenceInclusionProof, referenceRoot } from './reference.ts'
import { MerkleTree } from './tree.ts'
import { verifyConsistency, verifyInclusion } from './verify.ts'

const MAX = 1000

function leavesFor (seed: number, n: number): Uint8Array[] {
  const encoder = new TextEncoder()
  return Array.from({ length: n }, (_, i) => leafHash(encoder.encode(`${seed}/${i}`)))
}

function treeOf (hashes: Uint8Array[]): MerkleTree {
  const tree = new MerkleTree()
  tree.appendMany(hashes)
  return tree
}

/** One tree of MAX leaves; any size <= MAX is queried as a past size of it. */
const bigLeaves = leavesFor(7, MAX)
const big = treeOf(bigLeaves)

describe('small trees, exhaustively: every past size, index and fromSize equals the reference', () => {
  const n = 40
  const hashes = bigLeaves.slice(0, n)
  const tree = treeOf(hashes)
  it(`covers all sizes 0..${n}`, () => {
    for (let size = 0; size <= n; size++) {
      const prefix = hashes.slice(0, size)
      expect(tree.root(size)).toEqual(referenceRoot(prefix))
      for (let i = 0; i < size; i++) expect(tree.inclusionProof(i, size)).toEqual(referenceInclusionProof(prefix, i))
      for (let m = 0; m <= size; m++) expect(tree.consistencyProof(m, size)).toEqual(referenceConsistencyProof(prefix, m))
    }
  })
})

describe('random trees up to 1,000 leaves', () => {
  /** A fresh tree of n leaves plus a few (size, index, fromSize) queries into its past. */
  const treeAndQueries = fc.record({ seed: fc.nat(), n: fc.integer({ min: 1, max: MAX }) }).chain(({ seed, n }) =>
    fc.record({
      seed: fc.constant(seed),
      n: fc.constant(n),
      queries: fc.array(fc.integer({ min: 1, max: n }).chain(size => fc.record({
        size: fc.constant(size), index: fc.nat(size - 1), fromSize: fc.nat(size)
      })), { minLength: 1, maxLength: 4 })
    }))

  it('root, inclusion and consistency proofs equal the reference (fresh tree, past sizes)', () => {
    fc.assert(fc.property(treeAndQueries, ({ seed, n, queries }) => {
      const hashes = leavesFor(seed, n)
      const tree = treeOf(hashes)
      expect(tree.root()).toEqual(referenceRoot(hashes))
      for (const { size, index, fromSize } of queries) {
        const prefix = hashes.slice(0, size)
        expect(tree.root(size)).toEqual(referenceRoot(prefix))
        expect(tree.inclusionProof(index, size)).toEqual(referenceInclusionProof(prefix, index))
        expect(tree.consistencyProof(fromSize, size)).toEqual(referenceConsistencyProof(prefix, fromSize))
      }
    }), { numRuns: 50 })
  })

  // Deterministic rather than sampled: sizes 0..1000 are all past sizes of `big`, so one pass
  // covers every prefix size (about 500k reference hashes).
  it('root of every prefix size 0..1000 equals referenceRoot', () => {
    for (let size = 0; size <= MAX; size++) expect(big.root(size)).toEqual(referenceRoot(bigLeaves.slice(0, size)))
  })

  it('every inclusion proof and every consistency proof verifies', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: MAX }), (n) => {
      const root = big.root(n)
      for (let i = 0; i < n; i++) {
        expect(verifyInclusion(bigLeaves[i] as Uint8Array, i, n, big.inclusionProof(i, n), root)).toBe(true)
      }
      for (let m = 0; m <= n; m++) {
        expect(verifyConsistency(m, n, big.root(m), root, big.consistencyProof(m, n))).toBe(true)
      }
    }), { numRuns: 20, examples: [[MAX], [1], [2], [512], [513]] })
  })

  const bit = fc.integer({ min: 0, max: 32 * 8 - 1 })
  const flip = (bytes: Uint8Array, b: number): Uint8Array => flipBit(bytes, b >> 3, b & 7)

  it('flipping one bit of any inclusion proof element, the root or the leaf fails verification', () => {
    const query = fc.integer({ min: 1, max: MAX }).chain(size => fc.record({
      size: fc.constant(size), index: fc.nat(size - 1), target: fc.nat(), bit
    }))
    fc.assert(fc.property(query, ({ size, index, target, bit }) => {
      let leaf = bigLeaves[index] as Uint8Array
      let root = big.root(size)
      const proof = big.inclusionProof(index, size)
      const t = target % (proof.length + 2)
      if (t < proof.length) proof[t] = flip(proof[t] as Uint8Array, bit)
      else if (t === proof.length) root = flip(root, bit)
      else leaf = flip(leaf, bit)
      expect(verifyInclusion(leaf, index, size, proof, root)).toBe(false)
    }), { numRuns: 300 })
  })

  it('flipping one bit of any consistency proof element or either root fails verification', () => {
    // fromSize 0 is excluded: the empty tree is consistent with every tree, whatever its root.
    const query = fc.integer({ min: 1, max: MAX }).chain(toSize => fc.record({
      toSize: fc.constant(toSize), fromSize: fc.integer({ min: 1, max: toSize }), target: fc.nat(), bit
    }))
    fc.assert(fc.property(query, ({ fromSize, toSize, target, bit }) => {
      let fromRoot = big.root(fromSize)
      let toRoot = big.root(toSize)
      const proof = big.consistencyProof(fromSize, toSize)
      const t = target % (proof.length + 2)
      if (t < proof.length) proof[t] = flip(proof[t] as Uint8Array, bit)
      else if (t === proof.length) fromRoot = flip(fromRoot, bit)
      else toRoot = flip(toRoot, bit)
      expect(verifyConsistency(fromSize, toSize, fromRoot, toRoot, proof)).toBe(false)
    }), { numRuns: 300 })
  })
})
