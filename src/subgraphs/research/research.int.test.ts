import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHarness } from '../records/test-kit.ts'
import type { Harness } from '../records/test-kit.ts'
import { researchK, researchSubgraph } from './index.ts'

let h: Harness

beforeAll(async () => { h = await openHarness() })
afterAll(async () => { await h.close() })

describe('research subgraph', () => {
  it('counts ResearchShared ledger entries', async () => {
    const query = '{ researchCorpus { sharedRecords k } }'
    expect((await h.run(researchSubgraph, query)).data).toEqual({ researchCorpus: { sharedRecords: 0, k: researchK() } })
    await h.services.data!.ledger.append([{ type: 'ResearchShared', time: 1 }, { type: 'SomethingElse', time: 2 }, { type: 'ResearchShared', time: 3 }])
    expect((await h.run(researchSubgraph, query)).data).toMatchObject({ researchCorpus: { sharedRecords: 2 } })
  })

  it('takes k from MEDLEDGER_RESEARCH_K, default 5', () => {
    expect(researchK({})).toBe(5)
    expect(researchK({ MEDLEDGER_RESEARCH_K: '11' })).toBe(11)
    expect(() => researchK({ MEDLEDGER_RESEARCH_K: '1' })).toThrow(RangeError)
    expect(() => researchK({ MEDLEDGER_RESEARCH_K: 'five' })).toThrow(RangeError)
  })
})
