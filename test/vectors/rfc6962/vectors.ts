/**
 * Loads the published RFC 6962 test tree (tree.json, inclusion.json, consistency.json; sources in
 * README.md) as bytes. Values are decoded verbatim; nothing here is computed.
 */
import { readFileSync } from 'node:fs'
import { fromHex } from '../../../src/core/hex.ts'

interface TreeFile { leaves: string[], nodeHashes: string[][], roots: string[] }
interface InclusionFile { cases: Array<{ index: number, treeSize: number, proof: string[] }> }
interface ConsistencyFile { cases: Array<{ fromSize: number, toSize: number, proof: string[] }> }

function load<T> (name: string): T {
  return JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8')) as T
}

const tree = load<TreeFile>('./tree.json')

/** The eight leaf inputs d(0)..d(7). */
export const leaves: Uint8Array[] = tree.leaves.map(fromHex)
/** nodeHashes[k][i] = hash of the complete subtree over leaves [i·2^k, (i+1)·2^k). */
export const nodeHashes: Uint8Array[][] = tree.nodeHashes.map(row => row.map(fromHex))
/** roots[n] = MTH of the first n leaves, n = 0..8. */
export const roots: Uint8Array[] = tree.roots.map(fromHex)

export const inclusionCases = load<InclusionFile>('./inclusion.json').cases
  .map(c => ({ index: c.index, treeSize: c.treeSize, proof: c.proof.map(fromHex) }))

export const consistencyCases = load<ConsistencyFile>('./consistency.json').cases
  .map(c => ({ fromSize: c.fromSize, toSize: c.toSize, proof: c.proof.map(fromHex) }))
