import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isError } from '../errors.ts'
import { applyTokenEntry, balanceOf, conservationGap, emptyTokenState, InsufficientFundsError } from './balances.ts'
import type { TokenEntry } from './entries.ts'

const ACCOUNTS = ['patient:p1', 'patient:p2', 'account:insurer', 'org:h1', 'escrow:c1', 'escrow:c2']

/** Random token operations shaped like the platform's: rewards, deposits, donations, refunds, payments, burns. */
const op = fc.oneof(
  fc.record({ kind: fc.constant('reward' as const), to: fc.constantFrom('patient:p1', 'patient:p2'), amount: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constant('deposit' as const), to: fc.constant('account:insurer'), amount: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('donation' as const), from: fc.constantFrom('patient:p1', 'patient:p2'), to: fc.constantFrom('escrow:c1', 'escrow:c2'), amount: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('refund' as const), from: fc.constantFrom('escrow:c1', 'escrow:c2'), to: fc.constantFrom('patient:p1', 'patient:p2'), amount: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('payment' as const), from: fc.constantFrom('patient:p1', 'account:insurer'), to: fc.constant('org:h1'), amount: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ kind: fc.constant('burn' as const), from: fc.constantFrom(...ACCOUNTS), amount: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('replay' as const), back: fc.nat() })
)

describe('token balances', () => {
  it('conserve tokens and never go negative through any sequence of moves', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      const state = emptyTokenState()
      const applied: TokenEntry[] = []
      ops.forEach((o, i) => {
        let entry: TokenEntry
        if (o.kind === 'replay') {
          if (applied.length === 0) return
          entry = applied[o.back % applied.length]!
        } else if (o.kind === 'reward' || o.kind === 'deposit') {
          entry = { type: 'TokensMinted', to: o.to, amount: o.amount, reason: o.kind, ref: `r${i}`, actor: 'system:test', time: i }
        } else if (o.kind === 'burn') {
          entry = { type: 'TokensBurned', from: o.from, amount: o.amount, reason: o.kind, ref: `r${i}`, actor: 'system:test', time: i }
        } else {
          entry = { type: 'TokensTransferred', from: o.from, to: o.to, amount: o.amount, reason: o.kind, ref: `r${i}`, actor: 'system:test', time: i }
        }
        const before = new Map(state.balances)
        const { minted, burned } = state
        try {
          const did = applyTokenEntry(state, entry)
          if (o.kind === 'replay') expect(did).toBe(false)
          if (did) applied.push(entry)
        } catch (err) {
          expect(err).toBeInstanceOf(InsufficientFundsError)
          expect(isError(err, 'CONFLICT')).toBe(true)
          expect(state.balances).toEqual(before)
          expect([state.minted, state.burned]).toEqual([minted, burned])
          const debited = entry.type === 'TokensMinted' ? undefined : entry.from
          expect(debited !== undefined && balanceOf(state, debited) < entry.amount).toBe(true)
        }
        expect(conservationGap(state)).toBe(0)
        for (const b of state.balances.values()) expect(b).toBeGreaterThanOrEqual(0)
      })
    }), { numRuns: 300 })
  })

  it('refuses malformed entries', () => {
    const state = emptyTokenState()
    const base = { reason: 'x', ref: 'a', actor: 'system:test', time: 0 }
    expect(() => applyTokenEntry(state, { ...base, type: 'TokensMinted', to: 'patient:p1', amount: 1.5 })).toThrow(RangeError)
    expect(() => applyTokenEntry(state, { ...base, type: 'TokensMinted', to: 'patient:p1', amount: -3 })).toThrow(RangeError)
    expect(() => applyTokenEntry(state, { ...base, type: 'TokensMinted', to: 'mallory', amount: 1 })).toThrow(RangeError)
    expect(() => applyTokenEntry(state, { ...base, type: 'TokensTransferred', from: 'patient:p1', to: 'patient:p1', amount: 1 })).toThrow(RangeError)
    expect(() => applyTokenEntry(state, { ...base, ref: '', type: 'TokensMinted', to: 'patient:p1', amount: 1 })).toThrow(TypeError)
    expect(state.balances.size).toBe(0)
  })
})
