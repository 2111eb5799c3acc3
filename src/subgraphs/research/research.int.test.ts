import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHarness } from '../records/test-kit.ts'
import type { Harness } from '../records/test-kit.ts'
import { researchK, researchReward, researchSubgraph } from './index.ts'

let h: Harness

beforeAll(async () => { h = await openHarness() })
afterAll(async () => { await h.close() })

describe('research subgraph', () => {
  it('counts released copies, not ResearchShared ledger entries (a count moving at share time would date a share)', async () => {
    const query = '{ researchCorpus { sharedRecords k pendingPeople } }'
    expect((await h.run(researchSubgraph, query)).data).toEqual({ researchCorpus: { sharedRecords: 0, k: researchK(), pendingPeople: 0 } })
    await h.services.data!.ledger.append([{ type: 'ResearchShared', time: 1, records: 7 }, { type: 'SomethingElse', time: 2 }, { type: 'ResearchShared', time: 3 }])
    expect((await h.run(researchSubgraph, query)).data).toEqual({ researchCorpus: { sharedRecords: 0, k: researchK(), pendingPeople: 0 } })
  })

  it('takes k from MEDLEDGER_RESEARCH_K, default 5', () => {
    expect(researchK({})).toBe(5)
    expect(researchK({ MEDLEDGER_RESEARCH_K: '11' })).toBe(11)
    expect(() => researchK({ MEDLEDGER_RESEARCH_K: '1' })).toThrow(RangeError)
    expect(() => researchK({ MEDLEDGER_RESEARCH_K: 'five' })).toThrow(RangeError)
  })
})

describe('research reward', () => {
  it('takes tokens per newly shared record from MEDLEDGER_RESEARCH_REWARD, default 10, 0 turns rewards off', () => {
    expect(researchReward({})).toBe(10)
    expect(researchReward({ MEDLEDGER_RESEARCH_REWARD: '0' })).toBe(0)
    expect(researchReward({ MEDLEDGER_RESEARCH_REWARD: '25' })).toBe(25)
    expect(() => researchReward({ MEDLEDGER_RESEARCH_REWARD: '-1' })).toThrow(RangeError)
    expect(() => researchReward({ MEDLEDGER_RESEARCH_REWARD: '1.5' })).toThrow(RangeError)
  })
})
