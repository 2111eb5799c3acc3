// The portal's in-browser proof check (examples/portal/src/verify.ts) against anchors built with the project's
// own Merkle tree, block digest and an ethers signing key: it accepts the real thing and refuses each tampering.
import { SigningKey, Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { checkAnchor } from '../../examples/portal/src/verify.ts'
import type { AnchorProof } from '../../examples/portal/src/verify.ts'
import { canonicalJson } from '../../src/core/canonical-json.ts'
import { toHex } from '../../src/core/hex.ts'
import { blockDigest } from '../../src/core/ledger/block.ts'
import { leafHash, referenceInclusionProof, referenceRoot } from '../../src/core/merkle/index.ts'

const record = { id: 'rec-2', version: 1 }
const wallet = Wallet.createRandom()

function anchor (): AnchorProof {
  const entries = [0, 1, 2, 3, 4].map((i) => canonicalJson({ type: 'RecordAnchored', recordId: `rec-${i}`, version: 1, cid: `bafy${i}`, actor: 'a', time: 1_700_000_000_000 + i }))
  const leaves = entries.map((e) => leafHash(new TextEncoder().encode(e)))
  const header = { height: 3, prevHash: 'ab'.repeat(32), treeSize: 5, root: toHex(referenceRoot(leaves)), time: 1_700_000_000_999, signer: wallet.address }
  const signature = new SigningKey(wallet.privateKey).sign(blockDigest(header)).serialized
  const { time, ...rest } = header
  return { entryIndex: 2, cid: 'bafy2', entry: entries[2]!, leafHash: toHex(leaves[2]!), inclusionProof: referenceInclusionProof(leaves, 2).map(toHex), block: { ...rest, timeMs: time, signature } }
}

describe('portal proof check', () => {
  it('accepts a real anchor, with and without the trusted signer named', () => {
    expect(checkAnchor(record, anchor())).toEqual({ ok: true, signer: wallet.address })
    expect(checkAnchor(record, anchor(), wallet.address.toLowerCase())).toMatchObject({ ok: true })
  })

  it('refuses each tampering with the step that fails', () => {
    const a = anchor()
    const cases: Array<[string, AnchorProof, string, { id: string, version: number }?]> = [
      ['another record', a, 'entry does not name this record', { id: 'rec-3', version: 1 }],
      ['another CID', { ...a, cid: 'bafy9' }, 'entry does not name this record'],
      ['entry bytes changed', { ...a, entry: a.entry.replace('"a"', '"b"') }, 'leaf hash mismatch'],
      ['a path bit flipped', { ...a, inclusionProof: [a.inclusionProof![0]!.replace(/^./, (c) => c === '0' ? '1' : '0'), ...a.inclusionProof!.slice(1)] }, 'inclusion proof fails'],
      ['wrong index', { ...a, entryIndex: 3 }, 'inclusion proof fails'],
      ['block time changed', { ...a, block: { ...a.block!, timeMs: a.block!.timeMs + 1 } }, 'block not signed by its signer'],
      ['unsealed', { ...a, block: null, inclusionProof: null }, 'not sealed yet']
    ]
    for (const [desc, proof, reason, rec] of cases) expect(checkAnchor(rec ?? record, proof), desc).toEqual({ ok: false, reason })
    expect(checkAnchor(record, a, Wallet.createRandom().address)).toEqual({ ok: false, reason: 'block not signed by the trusted ledger key' })
  })
})
