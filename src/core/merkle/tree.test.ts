import { describe, expect, it } from 'vitest'
import { MedledgerError } from '../errors.ts'
import { consistencyCases, inclusionCases, leaves, roots } from '../../../test/vectors/rfc6962/vectors.ts'
import { leafHash } from './hasher.ts'
import { MerkleTree } from './tree.ts'

const hashes = leaves.map(leafHash)

function codeOf (call: () => unknown): string | undefined {
  try { call() } catch (err) { return err instanceof MedledgerError ? err.code : 'NOT_A_MEDLEDGER_ERROR' }
  return undefined
}

function treeOf (leafHashes: Uint8Array[]): MerkleTree {
  const tree = new MerkleTree()
  tree.appendMany(leafHashes)
  return tree
}

describe('MerkleTree against published RFC 6962 vectors', () => {
  it('has the published root after every append, and for every past size afterwards', () => {
    const tree = new MerkleTree()
    expect(tree.size).toBe(0)
    expect(tree.root()).toEqual(roots[0])
    hashes.forEach((h, i) => {
      expect(tree.append(h)).toBe(i)
      expect(tree.size).toBe(i + 1)
      expect(tree.root()).toEqual(roots[i + 1])
    })
    roots.forEach((root, n) => expect(tree.root(n)).toEqual(root))
  })

  it.each(inclusionCases)('inclusionProof($index, $treeSize) is the published PATH', ({ index, treeSize, proof }) => {
    expect(treeOf(hashes).inclusionProof(index, treeSize)).toEqual(proof)
    expect(treeOf(hashes.slice(0, treeSize)).inclusionProof(index)).toEqual(proof)
  })

  it.each(consistencyCases)('consistencyProof($fromSize, $toSize) is the published PROOF', ({ fromSize, toSize, proof }) => {
    expect(treeOf(hashes).consistencyProof(fromSize, toSize)).toEqual(proof)
    expect(treeOf(hashes.slice(0, toSize)).consistencyProof(fromSize)).toEqual(proof)
  })

  it('returns the stored leaf hashes', () => {
    const tree = treeOf(hashes)
    hashes.forEach((h, i) => expect(tree.leafHash(i)).toEqual(h))
  })
})

describe('MerkleTree edge cases', () => {
  it('gives empty consistency proofs from size 0 and between equal sizes', () => {
    const tree = treeOf(hashes)
    expect(tree.consistencyProof(0)).toEqual([])
    expect(tree.consistencyProof(0, 0)).toEqual([])
    expect(tree.consistencyProof(5, 5)).toEqual([])
    expect(new MerkleTree().consistencyProof(0)).toEqual([])
  })

  it('hands out copies: mutating a result or an appended array never changes the tree', () => {
    const input = (hashes[3] as Uint8Array).slice()
    const tree = treeOf([...hashes.slice(0, 3), input])
    const proof = tree.inclusionProof(0)
    input.fill(0)
    tree.root().fill(0)
    tree.root(2).fill(0)
    tree.leafHash(3).fill(0)
    for (const p of tree.inclusionProof(0)) p.fill(0)
    expect(tree.root()).toEqual(roots[4])
    expect(tree.root(2)).toEqual(roots[2])
    expect(tree.leafHash(3)).toEqual(hashes[3])
    expect(tree.inclusionProof(0)).toEqual(proof)
  })

  it('appendMany is all or nothing', () => {
    const tree = treeOf(hashes.slice(0, 2))
    expect(codeOf(() => tree.appendMany([hashes[2] as Uint8Array, new Uint8Array(31)]))).toBe('BAD_INPUT')
    expect(tree.size).toBe(2)
    expect(tree.root()).toEqual(roots[2])
  })
})

describe('MerkleTree rejects bad arguments with BAD_INPUT', () => {
  const tree = treeOf(hashes.slice(0, 5))
  const cases: Array<[string, () => unknown]> = [
    ['append: 31-byte hash', () => tree.append(new Uint8Array(31))],
    ['append: not bytes', () => tree.append('00'.repeat(32) as unknown as Uint8Array)],
    ['appendMany: not an array', () => tree.appendMany(hashes[0] as unknown as Uint8Array[])],
    ['leafHash: index = size', () => tree.leafHash(5)],
    ['leafHash: negative', () => tree.leafHash(-1)],
    ['leafHash: fractional', () => tree.leafHash(1.5)],
    ['root: size > tree size', () => tree.root(6)],
    ['root: negative', () => tree.root(-1)],
    ['root: NaN', () => tree.root(Number.NaN)],
    ['inclusionProof: index = size', () => tree.inclusionProof(3, 3)],
    ['inclusionProof: index >= tree size', () => tree.inclusionProof(5)],
    ['inclusionProof: size 0', () => tree.inclusionProof(0, 0)],
    ['inclusionProof: size > tree size', () => tree.inclusionProof(0, 6)],
    ['inclusionProof: negative index', () => tree.inclusionProof(-1)],
    ['inclusionProof: fractional index', () => tree.inclusionProof(0.5)],
    ['consistencyProof: fromSize > toSize', () => tree.consistencyProof(4, 3)],
    ['consistencyProof: toSize > tree size', () => tree.consistencyProof(1, 6)],
    ['consistencyProof: negative fromSize', () => tree.consistencyProof(-1)],
    ['consistencyProof: fractional', () => tree.consistencyProof(1.5, 3)],
    ['consistencyProof: unsafe integer', () => tree.consistencyProof(2 ** 53, 3)]
  ]
  it.each(cases)('%s', (_desc, call) => {
    expect(codeOf(call)).toBe('BAD_INPUT')
  })

  it('leaves the tree unchanged after rejected appends', () => {
    expect(tree.size).toBe(5)
    expect(tree.root()).toEqual(roots[5])
  })
})
