/**
 * Failure-vector generator (after transparency-dev/merkle cmd/proofgen): each valid proof is
 * mutated in every way listed below, each probe with a `desc` saying what it breaks. Every probe
 * must fail verification. Mutations that can be no-ops (e.g. swapping equal roots) are skipped.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { leafHash } from '../../../src/core/merkle/hasher.ts'

export interface InclusionProbe {
  desc: string
  leafHash: Uint8Array
  index: number
  treeSize: number
  proof: Uint8Array[]
  root: Uint8Array
}

export interface ConsistencyProbe {
  desc: string
  fromSize: number
  toSize: number
  fromRoot: Uint8Array
  toRoot: Uint8Array
  proof: Uint8Array[]
}

/** A 32-byte value unrelated to any tree. */
const SOME_HASH = sha256(new TextEncoder().encode('medledger: not a node of any tree'))
const EMPTY_HASH = sha256(new Uint8Array(0))

/** `bytes` with bit `bit` of byte `at` flipped (a copy). */
export function flipBit (bytes: Uint8Array, at: number, bit: number): Uint8Array {
  const out = bytes.slice()
  out[at] = (out[at] as number) ^ (1 << bit)
  return out
}

function sameBytes (a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** Proof-list mutations shared by both proof kinds. */
function proofMutations (proof: Uint8Array[], roots: Record<string, Uint8Array>): Array<[string, Uint8Array[]]> {
  const out: Array<[string, Uint8Array[]]> = []
  proof.forEach((_, i) => {
    out.push([`modified proof[${i}] bit 3 of byte 0`, proof.map((p, j) => j === i ? flipBit(p, 0, 3) : p)])
    out.push([`modified proof[${i}] bit 0 of byte 31`, proof.map((p, j) => j === i ? flipBit(p, 31, 0) : p)])
  })
  if (proof.length > 0) out.push(['truncated proof (last element removed)', proof.slice(0, -1)])
  if (proof.length > 0) out.push(['truncated proof (first element removed)', proof.slice(1)])
  if (proof.length > 1) out.push(['extra proof element inserted after proof[0]', [proof[0] as Uint8Array, SOME_HASH, ...proof.slice(1)]])
  out.push(['extra proof element: trailing empty bytes', [...proof, new Uint8Array(0)]])
  out.push(['extra proof element: trailing random hash', [...proof, SOME_HASH]])
  out.push(['extra proof element: preceding random hash', [SOME_HASH, ...proof]])
  for (const [name, root] of Object.entries(roots)) {
    out.push([`extra proof element: trailing ${name}`, [...proof, root]])
    out.push([`extra proof element: preceding ${name}`, [root, ...proof]])
  }
  return out
}

/** Every failure probe derived from one valid inclusion proof. */
export function corruptInclusion (ok: Omit<InclusionProbe, 'desc'>): InclusionProbe[] {
  const { index, treeSize, root } = ok
  const probes: InclusionProbe[] = [
    { ...ok, desc: 'wrong leaf (hash of other data)', leafHash: leafHash(new TextEncoder().encode('WrongLeaf')) },
    { ...ok, desc: 'wrong leaf (9 raw bytes)', leafHash: new TextEncoder().encode('WrongLeaf') },
    { ...ok, desc: 'wrong leaf (bit flipped)', leafHash: flipBit(ok.leafHash, 0, 0) },
    { ...ok, desc: 'wrong index: index - 1', index: index - 1 },
    { ...ok, desc: 'wrong index: index + 1', index: index + 1 },
    { ...ok, desc: 'wrong index: index XOR 2', index: index ^ 2 },
    { ...ok, desc: 'wrong size: treeSize * 2', treeSize: treeSize * 2 },
    { ...ok, desc: 'wrong size: treeSize / 2', treeSize: Math.floor(treeSize / 2) },
    { ...ok, desc: 'wrong root: empty-tree root', root: EMPTY_HASH },
    { ...ok, desc: 'wrong root: random hash', root: SOME_HASH },
    { ...ok, desc: 'wrong root: bit flipped', root: flipBit(root, 31, 7) },
    { ...ok, desc: 'wrong root: truncated to 31 bytes', root: root.slice(0, 31) }
  ]
  for (const [desc, proof] of proofMutations(ok.proof, { root })) probes.push({ ...ok, desc, proof })
  return probes
}

/** Every failure probe derived from one valid consistency proof. */
export function corruptConsistency (ok: Omit<ConsistencyProbe, 'desc'>): ConsistencyProbe[] {
  const { fromSize, toSize, fromRoot, toRoot } = ok
  const probes: ConsistencyProbe[] = [
    { ...ok, desc: 'wrong size: fromSize - 1', fromSize: fromSize - 1 },
    { ...ok, desc: 'wrong size: fromSize + 1', fromSize: fromSize + 1 },
    { ...ok, desc: 'wrong size: fromSize XOR 2', fromSize: fromSize ^ 2 },
    { ...ok, desc: 'wrong size: toSize * 2', toSize: toSize * 2 },
    { ...ok, desc: 'wrong size: toSize / 2', toSize: Math.floor(toSize / 2) },
    { ...ok, desc: 'wrong root: fromRoot random', fromRoot: SOME_HASH },
    { ...ok, desc: 'wrong root: toRoot random', toRoot: SOME_HASH },
    { ...ok, desc: 'wrong root: fromRoot bit flipped', fromRoot: flipBit(fromRoot, 0, 4) },
    { ...ok, desc: 'wrong root: toRoot bit flipped', toRoot: flipBit(toRoot, 0, 4) },
    { ...ok, desc: 'wrong root: fromRoot 9 raw bytes', fromRoot: new TextEncoder().encode('WrongRoot') }
  ]
  if (!sameBytes(fromRoot, toRoot)) probes.push({ ...ok, desc: 'wrong root: roots swapped', fromRoot: toRoot, toRoot: fromRoot })
  if (ok.proof.length > 0) probes.push({ ...ok, desc: 'truncated proof: empty', proof: [] })
  for (const [desc, proof] of proofMutations(ok.proof, { fromRoot, toRoot })) probes.push({ ...ok, desc, proof })
  return probes
}
