import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isError } from '../../../../core/errors.ts'
import { openHarness } from '../../../records/test-kit.ts'
import type { Harness } from '../../../records/test-kit.ts'
import { moveTokens, tokenBank } from './bank.ts'
import { creditReward } from './reward.ts'
import { TokenCache } from './store.ts'

let h: Harness

beforeAll(async () => { h = await openHarness() })
afterAll(async () => { await h.close() })

describe('token bank', () => {
  it('credits a reward once per ref, even under concurrent retries', async () => {
    const input = { account: 'patient:p1', amount: 10, reason: 'research-share', ref: 'share:r1' }
    const results = await Promise.all([creditReward(h.services, input), creditReward(h.services, input), creditReward(h.services, input)])
    expect(results.filter((r) => r.credited)).toHaveLength(1)
    expect((await creditReward(h.services, input)).credited).toBe(false)
    expect(await (await tokenBank(h.services)).balance('patient:p1')).toBe(10)
    expect([...h.services.ledger.entries()].filter(({ entry }) => entry.type === 'TokensMinted')).toHaveLength(1)
  })

  it('refuses a transfer above the balance with InsufficientFundsError and appends nothing', async () => {
    const size = h.services.ledger.size()
    const err = await moveTokens(h.services, [{ type: 'TokensTransferred', from: 'patient:p1', to: 'escrow:c1', amount: 11, reason: 'donation', ref: 'x1', actor: 'account:a' }])
      .then(() => undefined, (e: unknown) => e)
    expect(isError(err, 'CONFLICT')).toBe(true)
    expect((err as Error).name).toBe('InsufficientFundsError')
    expect(h.services.ledger.size()).toBe(size)
    expect(await (await tokenBank(h.services)).balance('patient:p1')).toBe(10)
  })

  it('refuses malformed amounts and accounts', async () => {
    await expect(creditReward(h.services, { account: 'patient:p1', amount: 1.5, reason: 'r', ref: 'f1' })).rejects.toThrow(RangeError)
    await expect(creditReward(h.services, { account: 'nobody', amount: 1, reason: 'r', ref: 'f2' })).rejects.toThrow(RangeError)
    await expect(creditReward(h.services, { account: 'patient:p1', amount: 0, reason: 'r', ref: 'f3' })).rejects.toThrow(RangeError)
  })

  it('rebuilds the same cache from the ledger alone', async () => {
    await moveTokens(h.services, [{ type: 'TokensTransferred', from: 'patient:p1', to: 'escrow:c1', amount: 4, reason: 'donation', ref: 'd1', actor: 'account:a' }])
    const live = await tokenBank(h.services)
    const file = join(h.dir, 'rebuild-tokens.db')
    rmSync(file, { force: true })
    const rebuilt = new TokenCache(file)
    rebuilt.catchUp(h.services.ledger)
    expect(rebuilt.balances()).toEqual(await live.balances())
    expect(rebuilt.totals()).toEqual(await live.totals())
    expect(rebuilt.history('patient:p1', 10)).toEqual(await live.history('patient:p1', 10))
    rebuilt.close()
  })
})

describe('token bank, property', () => {
  it('conserves tokens and agrees with a pure fold of the ledger through random rewards, donations, refunds and payments', async () => {
    const { emptyTokenState, foldTokenEntries, conservationGap, isTokenEntry } = await import('../../../../core/tokens/index.ts')
    const fc = (await import('fast-check')).default
    const people = ['patient:q1', 'patient:q2', 'account:ins']
    const sinks = ['escrow:k1', 'org:h9']
    let run = 0
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.nat(4), fc.nat(4), fc.integer({ min: 1, max: 40 })), { maxLength: 25 }), async (ops) => {
      run++
      for (const [i, [kind, who, amount]] of ops.entries()) {
        const ref = `prop:${run}:${i}`
        const from = [...people, ...sinks][who % 5]!
        const to = kind % 2 === 0 ? sinks[who % 2]! : people[who % 3]!
        const move = kind === 0
          ? { type: 'TokensMinted' as const, to: people[who % 3]!, amount, reason: 'research-share', ref, actor: 'system:t' }
          : kind === 4
            ? { type: 'TokensBurned' as const, from, amount, reason: 'burn', ref, actor: 'system:t' }
            : { type: 'TokensTransferred' as const, from, to: to === from ? (from === 'org:h9' ? 'patient:q1' : 'org:h9') : to, amount, reason: ['donation', 'refund', 'claim-payment'][kind - 1]!, ref, actor: 'system:t' }
        const before = await (await tokenBank(h.services)).balance(move.type === 'TokensMinted' ? move.to : move.from)
        try {
          await moveTokens(h.services, [move])
        } catch (err) {
          expect(isError(err, 'CONFLICT')).toBe(true)
          expect(before).toBeLessThan(amount)
        }
      }
      const cache = await tokenBank(h.services)
      const { minted, burned } = await cache.totals()
      const balances = await cache.balances()
      const sum = [...balances.values()].reduce((a, b) => a + b, 0)
      expect(sum).toBe(minted - burned)
      for (const b of balances.values()) expect(b).toBeGreaterThanOrEqual(0)
      const folded = foldTokenEntries([...h.services.ledger.entries()].map(({ entry }) => entry).filter(isTokenEntry), emptyTokenState())
      expect(conservationGap(folded)).toBe(0)
      expect(new Map([...folded.balances].filter(([, b]) => b !== 0))).toEqual(balances)
    }), { numRuns: 15 })
  })
})
