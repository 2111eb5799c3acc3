import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromHex, verifyConsistency } from '../../core/merkle/index.ts'
import { observation, openHarness } from '../records/test-kit.ts'
import type { Harness } from '../records/test-kit.ts'
import { ledgerSubgraph } from './index.ts'

const BLOCK = 'height prevHash treeSize root time signer signature'
interface Block { height: number, treeSize: number, root: string, time: string, prevHash: string, signer: string, signature: string }

let h: Harness

beforeAll(async () => {
  h = await openHarness()
  const patient = h.registerPatient('frank')
  for (let i = 0; i < 4; i++) { // four blocks of 2, 1, 1, 1 entries
    const n = i === 0 ? 2 : 1
    await h.services.data!.spine.write(Array.from({ length: n }, () => ({ patient, resource: observation(patient.id, 60 + i) })), { actor: 'account:seed' })
    await h.services.data!.spine.flush()
  }
})
afterAll(async () => { await h.close() })

describe('ledger subgraph', () => {
  it('serves the head and blocks by height, with ISO times', async () => {
    const res = await h.run(ledgerSubgraph, `{ ledgerHead { ${BLOCK} } b0: ledgerBlock(height: 0) { ${BLOCK} } none: ledgerBlock(height: 99) { height } }`)
    expect(res.errors).toBeUndefined()
    const head = res.data!.ledgerHead as Block
    const b0 = res.data!.b0 as Block
    expect(head).toMatchObject({ height: 3, treeSize: 5 })
    expect(b0).toMatchObject({ height: 0, treeSize: 2, prevHash: '0'.repeat(64) })
    expect(b0.time).toBe(new Date(h.services.ledger.blocks()[0]!.time).toISOString())
    expect(b0.signature).toMatch(/^0x[0-9a-f]{130}$/)
    expect(res.data!.none).toBeNull()
  })

  it('lists blocks newest first with cursors', async () => {
    const first = await h.run(ledgerSubgraph, '{ ledgerBlocks(first: 3) { totalCount nodes { height } pageInfo { hasNextPage endCursor } } }')
    const page = first.data!.ledgerBlocks as { totalCount: number, nodes: Array<{ height: number }>, pageInfo: { hasNextPage: boolean, endCursor: string } }
    expect(page).toMatchObject({ totalCount: 4, nodes: [{ height: 3 }, { height: 2 }, { height: 1 }], pageInfo: { hasNextPage: true } })
    const next = await h.run(ledgerSubgraph, 'query ($a: String) { ledgerBlocks(first: 3, after: $a) { nodes { height } pageInfo { hasNextPage } } }', { variables: { a: page.pageInfo.endCursor } })
    expect(next.data!.ledgerBlocks).toEqual({ nodes: [{ height: 0 }], pageInfo: { hasNextPage: false } })
    expect((await h.run(ledgerSubgraph, '{ ledgerBlocks(after: "eA") { totalCount } }')).codes).toEqual(['BAD_USER_INPUT'])
  })

  it('proves consistency between two tree heads, and refuses impossible sizes', async () => {
    const res = await h.run(ledgerSubgraph, '{ consistencyProof(fromSize: 3, toSize: 5) { fromSize toSize fromRoot toRoot path } }')
    const p = res.data!.consistencyProof as { fromRoot: string, toRoot: string, path: string[] }
    const blocks = h.services.ledger.blocks()
    expect(p.fromRoot).toBe(blocks[1]!.root)
    expect(p.toRoot).toBe(blocks[3]!.root)
    expect(verifyConsistency(3, 5, fromHex(p.fromRoot), fromHex(p.toRoot), p.path.map(fromHex))).toBe(true)
    for (const [a, b] of [[4, 2], [-1, 2], [0, 6]]) {
      expect((await h.run(ledgerSubgraph, `{ consistencyProof(fromSize: ${a}, toSize: ${b}) { path } }`)).codes).toEqual(['BAD_USER_INPUT'])
    }
  })

  it('resolves LedgerBlock entities by height in one batch', async () => {
    h.services.metrics.reset()
    const res = await h.run(ledgerSubgraph, '{ _entities(representations: [{ __typename: "LedgerBlock", height: 2 }, { __typename: "LedgerBlock", height: 0 }]) { ... on LedgerBlock { height treeSize } } }')
    expect(res.data!._entities).toEqual([{ height: 2, treeSize: 4 }, { height: 0, treeSize: 2 }])
    expect(h.services.metrics.get('ledger.blocks')).toBe(1)
  })
})
