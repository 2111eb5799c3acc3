/**
 * The contract every {@link TokenBank} passes (SQLite and PostgreSQL adapters alike):
 * `tokenBankContract('sqlite', make)` from a `*.int.test.ts` file. The reference is core's pure fold of the
 * same token entries (foldTokenEntries): the bank must agree with it balance for balance.
 */
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isError } from '../core/errors.ts'
import { applyTokenEntry, conservationGap, emptyTokenState, isTokenEntry } from '../core/tokens/index.ts'
import type { TokenEntry } from '../core/tokens/index.ts'
import type { LedgerEntry } from '../core/ledger/types.ts'
import type { TokenBank, TokenLedgerView } from './token-bank.ts'

/** An in-memory ledger the bank derives from; `append` returns the new indexes. */
export interface MemoryTokenLedger extends TokenLedgerView {
  append(entries: LedgerEntry[]): number[]
  all(): LedgerEntry[]
}

/** A fresh in-memory ledger (synchronous, like the embedded one). */
export function memoryTokenLedger (): MemoryTokenLedger {
  const rows: LedgerEntry[] = []
  return {
    size: () => rows.length,
    * entries (from = 0, to = rows.length) { for (let i = from; i < to; i++) yield { index: i, entry: rows[i]! } },
    append (entries) { const first = rows.length; rows.push(...entries); return entries.map((_, i) => first + i) },
    all: () => [...rows]
  }
}

/** A fresh, empty bank; `reopen` opens a second handle on the same storage (another process's view). */
export type MakeTokenBank = () => Promise<{ bank: TokenBank, reopen(): Promise<TokenBank>, cleanup(): Promise<void> }>

const T = 1_700_000_000_000
const mint = (to: string, amount: number, ref: string): TokenEntry => ({ type: 'TokensMinted', to, amount, reason: 'research-share', ref, actor: 'system:t', time: T })
const move = (from: string, to: string, amount: number, ref: string): TokenEntry => ({ type: 'TokensTransferred', from, to, amount, reason: 'donation', ref, actor: 'system:t', time: T + 1 })
const burn = (from: string, amount: number, ref: string): TokenEntry => ({ type: 'TokensBurned', from, amount, reason: 'burn', ref, actor: 'system:t', time: T + 2 })
const other: LedgerEntry = { type: 'RecordAnchored', recordId: 'r1', version: 1, cid: 'c1', actor: 'a', time: T }

/** Defines the TokenBank contract tests for `name`; each test gets its own bank from `make`. */
export function tokenBankContract (name: string, make: MakeTokenBank): void {
  describe(`TokenBank contract: ${name}`, () => {
    let made: Awaited<ReturnType<MakeTokenBank>>
    let bank: TokenBank
    let ledger: MemoryTokenLedger
    beforeEach(async () => { made = await make(); bank = made.bank; ledger = memoryTokenLedger() })
    afterEach(async () => { await made.cleanup() })

    it('starts empty', async () => {
      expect(await bank.position()).toBe(0)
      expect(await bank.totals()).toEqual({ minted: 0, burned: 0 })
      expect(await bank.balance('patient:a')).toBe(0)
      expect(await bank.balances()).toEqual(new Map())
      expect(await bank.hasRef('x')).toBe(false)
      expect(await bank.history('patient:a', 10)).toEqual([])
    })

    it('applies mints, transfers and burns from the ledger, skips other entries, and keeps history', async () => {
      ledger.append([mint('patient:a', 10, 'm1'), other, move('patient:a', 'escrow:c', 4, 'd1'), burn('escrow:c', 1, 'b1'), mint('patient:b', 3, 'm2')])
      await bank.catchUp(ledger)
      expect(await bank.position()).toBe(5)
      expect(await bank.balances()).toEqual(new Map([['patient:a', 6], ['escrow:c', 3], ['patient:b', 3]]))
      expect(await bank.totals()).toEqual({ minted: 13, burned: 1 })
      expect(await bank.hasRef('d1')).toBe(true)
      const history = await bank.history('patient:a', 10)
      expect(history.map((m) => [m.ledgerIndex, m.delta, m.type, m.counterparty])).toEqual([[2, -4, 'TokensTransferred', 'escrow:c'], [0, 10, 'TokensMinted', null]])
      expect(history[0]).toEqual({ ledgerIndex: 2, account: 'patient:a', delta: -4, type: 'TokensTransferred', reason: 'donation', ref: 'd1', counterparty: 'escrow:c', time: T + 1 })
      expect((await bank.history('patient:a', 1)).map((m) => m.ledgerIndex)).toEqual([2])
      expect((await bank.history('patient:a', 10, 2)).map((m) => m.ledgerIndex)).toEqual([0])
      expect((await bank.allMoves('escrow:c')).map((m) => m.delta)).toEqual([4, -1])
    })

    it('applies a ref once, however often the ledger repeats it or the bank catches up', async () => {
      ledger.append([mint('patient:a', 10, 'm1'), mint('patient:a', 10, 'm1')])
      await Promise.all([bank.catchUp(ledger), bank.catchUp(ledger), bank.catchUp(ledger)])
      await bank.catchUp(ledger)
      expect(await bank.balance('patient:a')).toBe(10)
      expect(await bank.totals()).toEqual({ minted: 10, burned: 0 })
      ledger.append([mint('patient:a', 5, 'm2')])
      await bank.catchUp(ledger)
      expect(await bank.balance('patient:a')).toBe(15)
    })

    it('refuses a ledger entry that would overdraw (LEDGER_CORRUPT) and applies nothing of that catch-up', async () => {
      ledger.append([mint('patient:a', 2, 'm1')])
      await bank.catchUp(ledger)
      ledger.append([mint('patient:b', 1, 'm2'), move('patient:a', 'escrow:c', 3, 'd1')])
      const err = await bank.catchUp(ledger).then(() => undefined, (e: unknown) => e)
      expect(isError(err, 'LEDGER_CORRUPT')).toBe(true)
      expect(await bank.position()).toBe(1)
      expect(await bank.balances()).toEqual(new Map([['patient:a', 2]]))
    })

    it('is shared by a second handle on the same storage', async () => {
      ledger.append([mint('patient:a', 7, 'm1')])
      await bank.catchUp(ledger)
      const second = await made.reopen()
      try {
        expect(await second.balance('patient:a')).toBe(7)
        expect(await second.position()).toBe(1)
      } finally { second.close() }
    })

    it('admits one exclusive mover at a time; a failing mover releases its turn', async () => {
      let inside = 0
      let most = 0
      const turn = async (fail: boolean): Promise<number> => bank.exclusive(async () => {
        inside++
        most = Math.max(most, inside)
        await new Promise((resolve) => setTimeout(resolve, 2))
        inside--
        if (fail) throw new RangeError('boom')
        return 1
      })
      const results = await Promise.allSettled(Array.from({ length: 12 }, async (_, i) => turn(i % 3 === 0)))
      expect(most).toBe(1)
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(4)
      expect(await turn(false)).toBe(1)
    })

    it('agrees with the pure fold of the ledger and conserves tokens (property)', async () => {
      const accounts = ['patient:a', 'patient:b', 'escrow:c', 'org:d']
      let run = 0
      await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.nat(2), fc.nat(3), fc.nat(3), fc.integer({ min: 1, max: 30 })), { minLength: 1, maxLength: 20 }), async (ops) => {
        run++
        const state = emptyTokenState()
        for (const entry of ledger.all()) if (isTokenEntry(entry)) applyTokenEntry(state, entry)
        for (const [i, [kind, a, b, amount]] of ops.entries()) {
          const ref = `p${run}:${i % 7}` // repeats refs on purpose
          const from = accounts[a]!
          const entry = kind === 0 ? mint(from, amount, ref) : kind === 1 ? move(from, accounts[(a + b + 1) % 4]!, amount, ref) : burn(from, amount, ref)
          try { applyTokenEntry(state, entry) } catch { continue } // the mover refuses overdrafts before appending
          ledger.append([entry])
        }
        await bank.catchUp(ledger)
        expect(await bank.balances()).toEqual(new Map([...state.balances].filter(([, v]) => v !== 0)))
        expect(await bank.totals()).toEqual({ minted: state.minted, burned: state.burned })
        expect(conservationGap(state)).toBe(0)
        for (const v of (await bank.balances()).values()) expect(v).toBeGreaterThan(0)
      }), { numRuns: 12 })
    })
  })
}
