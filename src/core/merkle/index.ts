/**
 * The RFC 9162 (Certificate Transparency v2) Merkle tree — the same tree as RFC 6962 — over
 * medledger's ledger entries: hashing, an append-only tree with proofs for any past size, proof
 * verification, and a naive reference implementation for tests.
 */
export { EMPTY_ROOT, HASH_LENGTH, emptyRoot, isHash, leafHash, nodeHash } from './hasher.ts'
export { MerkleTree } from './tree.ts'
export { assertConsistency, assertInclusion, verifyConsistency, verifyInclusion } from './verify.ts'
export { referenceConsistencyProof, referenceInclusionProof, referenceRoot } from './reference.ts'
export { fromHex, toHex } from '../hex.ts'
