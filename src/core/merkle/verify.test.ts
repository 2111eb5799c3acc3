import { describe, expect, it } from 'vitest'
import { MedledgerError } from '../errors.ts'
import { corruptConsistency, corruptInclusion } from '../../../test/vectors/rfc6962/probes.ts'
import { consistencyCases, inclusionCases, leaves, roots } from '../../../test/vectors/rfc6962/vectors.ts'
import { emptyRoot, leafHash } from './hasher.ts'
import { assertConsistency, assertInclusion, verifyConsistency, verifyInclusion } from './verify.ts'

const hashes = leaves.map(leafHash)
const rootOf = (n: number): Uint8Array => roots[n] as Uint8Array

/** Valid inclusion inputs built only from published values. */
const goodInclusion = inclusionCases.map(c => ({
  leafHash: hashes[c.index] as Uint8Array, index: c.index, treeSize: c.treeSize, proof: c.proof, root: rootOf(c.treeSize)
}))
const goodConsistency = consistencyCases.map(c => ({
  fromSize: c.fromSize, toSize: c.toSize, fromRoot: rootOf(c.fromSize), toRoot: rootOf(c.toSize), proof: c.proof
}))

function thrown (call: () => unknown): MedledgerError | undefined {
  try { call() } catch (err) { if (err instanceof MedledgerError) return err; throw err }
  return undefined
}

describe('verifyInclusion (RFC 9162 §2.1.3.2)', () => {
  it.each(goodInclusion)('accepts the published proof for leaf $index of $treeSize', (c) => {
    expect(verifyInclusion(c.leafHash, c.index, c.treeSize, c.proof, c.root)).toBe(true)
    expect(() => assertInclusion(c.leafHash, c.index, c.treeSize, c.proof, c.root)).not.toThrow()
  })

  const probes = goodInclusion.flatMap(c =>
    corruptInclusion(c).map(p => ({ ...p, name: `leaf ${c.index} of ${c.treeSize}: ${p.desc}` })))
  it.each(probes)('rejects $name', (p) => {
    expect(verifyInclusion(p.leafHash, p.index, p.treeSize, p.proof, p.root)).toBe(false)
    const err = thrown(() => assertInclusion(p.leafHash, p.index, p.treeSize, p.proof, p.root))
    expect(err?.code).toBe('PROOF_INVALID')
    expect(err?.info).toEqual({ proof: 'inclusion' })
  })

  it('is false for index >= treeSize and for an empty tree', () => {
    const h = hashes[0] as Uint8Array
    expect(verifyInclusion(h, 0, 0, [], emptyRoot())).toBe(false)
    expect(verifyInclusion(h, 1, 1, [], h)).toBe(false)
    expect(verifyInclusion(h, 8, 8, [], rootOf(8))).toBe(false)
  })

  it('is false (never throws) for malformed arguments', () => {
    const h = hashes[0] as Uint8Array
    const bad: Array<() => boolean> = [
      () => verifyInclusion(h, -1, 1, [], h),
      () => verifyInclusion(h, 0.5, 1, [], h),
      () => verifyInclusion(h, 0, Number.POSITIVE_INFINITY, [], h),
      () => verifyInclusion(h, 0, 1, null as unknown as Uint8Array[], h),
      () => verifyInclusion(h, 0, 1, [], new Uint8Array(0)),
      () => verifyInclusion(new Uint8Array(33), 0, 1, [], h)
    ]
    for (const call of bad) expect(call()).toBe(false)
  })

  it('accepts a one-leaf tree whose root is the leaf hash', () => {
    const h = leafHash(new TextEncoder().encode('data'))
    expect(verifyInclusion(h, 0, 1, [], h)).toBe(true)
  })
})

describe('verifyConsistency (RFC 9162 §2.1.4.2)', () => {
  it.each(goodConsistency)('accepts the published proof from $fromSize to $toSize', (c) => {
    expect(verifyConsistency(c.fromSize, c.toSize, c.fromRoot, c.toRoot, c.proof)).toBe(true)
    expect(() => assertConsistency(c.fromSize, c.toSize, c.fromRoot, c.toRoot, c.proof)).not.toThrow()
  })

  const probes = goodConsistency.flatMap(c =>
    corruptConsistency(c).map(p => ({ ...p, name: `${c.fromSize} to ${c.toSize}: ${p.desc}` })))
  it.each(probes)('rejects $name', (p) => {
    expect(verifyConsistency(p.fromSize, p.toSize, p.fromRoot, p.toRoot, p.proof)).toBe(false)
    const err = thrown(() => assertConsistency(p.fromSize, p.toSize, p.fromRoot, p.toRoot, p.proof))
    expect(err?.code).toBe('PROOF_INVALID')
    expect(err?.info).toEqual({ proof: 'consistency' })
  })

  it('equal sizes need an empty proof and equal roots', () => {
    expect(verifyConsistency(3, 3, rootOf(3), rootOf(3), [])).toBe(true)
    expect(verifyConsistency(3, 3, rootOf(3), rootOf(4), [])).toBe(false)
    expect(verifyConsistency(3, 3, rootOf(3), rootOf(3), [rootOf(3)])).toBe(false)
  })

  it('size 0 is trivially consistent: empty proof, fromRoot the empty-tree root, any toRoot', () => {
    expect(verifyConsistency(0, 0, emptyRoot(), emptyRoot(), [])).toBe(true)
    expect(verifyConsistency(0, 8, emptyRoot(), rootOf(8), [])).toBe(true)
    expect(verifyConsistency(0, 8, emptyRoot(), rootOf(3), [])).toBe(true)
    expect(verifyConsistency(0, 8, emptyRoot(), rootOf(8), [rootOf(8)])).toBe(false)
    expect(verifyConsistency(0, 8, rootOf(1), rootOf(8), [])).toBe(false)
    expect(verifyConsistency(0, 0, rootOf(1), rootOf(1), [])).toBe(false)
  })

  it('is false for a non-empty change with an empty proof, for time travel, and for malformed input', () => {
    expect(verifyConsistency(1, 2, rootOf(1), rootOf(2), [])).toBe(false)
    expect(verifyConsistency(2, 1, rootOf(2), rootOf(1), [])).toBe(false)
    expect(verifyConsistency(-1, 2, rootOf(1), rootOf(2), [])).toBe(false)
    expect(verifyConsistency(1, 2.5, rootOf(1), rootOf(2), [hashes[1] as Uint8Array])).toBe(false)
    expect(verifyConsistency(1, 2, rootOf(1), rootOf(2), [hashes[1] as Uint8Array])).toBe(true)
    expect(verifyConsistency(1, 2, rootOf(1), rootOf(2), [(hashes[1] as Uint8Array).slice(1)])).toBe(false)
    expect(verifyConsistency(1, 2, rootOf(1), rootOf(2), 'x' as unknown as Uint8Array[])).toBe(false)
  })

  it('does not mutate the proof it is given', () => {
    const c = goodConsistency[1] as (typeof goodConsistency)[number]
    const proof = [...c.proof]
    verifyConsistency(c.fromSize, c.toSize, c.fromRoot, c.toRoot, proof)
    expect(proof).toEqual(c.proof)
  })
})
