import { describe, expect, it } from 'vitest'
import { MedledgerError } from '../errors.ts'
import { consistencyCases, inclusionCases, leaves, roots } from '../../../test/vectors/rfc6962/vectors.ts'
import { leafHash } from './hasher.ts'
import { referenceConsistencyProof, referenceInclusionProof, referenceRoot } from './reference.ts'

const hashes = leaves.map(leafHash)

/** The MedledgerError code `call` throws, or undefined when it returns. */
function codeOf (call: () => unknown): string | undefined {
  try { call() } catch (err) { return err instanceof MedledgerError ? err.code : 'NOT_A_MEDLEDGER_ERROR' }
  return undefined
}

describe('reference implementation against published RFC 6962 vectors', () => {
  it('referenceRoot gives the published root of every prefix, sizes 0..8', () => {
    roots.forEach((root, n) => expect(referenceRoot(hashes.slice(0, n))).toEqual(root))
  })

  it.each(inclusionCases)('PATH($index, D[$treeSize])', ({ index, treeSize, proof }) => {
    expect(referenceInclusionProof(hashes.slice(0, treeSize), index)).toEqual(proof)
  })

  it.each(consistencyCases)('PROOF($fromSize, D[$toSize])', ({ fromSize, toSize, proof }) => {
    expect(referenceConsistencyProof(hashes.slice(0, toSize), fromSize)).toEqual(proof)
  })

  it('gives empty consistency proofs for m = 0 and m = n', () => {
    expect(referenceConsistencyProof(hashes, 0)).toEqual([])
    expect(referenceConsistencyProof(hashes, 8)).toEqual([])
    expect(referenceConsistencyProof([], 0)).toEqual([])
  })

  it('rejects out-of-range arguments with BAD_INPUT', () => {
    const bad = [
      () => referenceInclusionProof([], 0),
      () => referenceInclusionProof(hashes, 8),
      () => referenceInclusionProof(hashes, -1),
      () => referenceInclusionProof(hashes, 0.5),
      () => referenceConsistencyProof(hashes, 9)
    ]
    for (const call of bad) expect(codeOf(call)).toBe('BAD_INPUT')
  })
})
