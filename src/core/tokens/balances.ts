/**
 * Balances from token entries: a pure fold over the ledger. Conservation holds by construction — a mint adds
 * to one balance and to `minted`, a burn subtracts from one and adds to `burned`, a transfer moves between two
 * — and no balance goes below zero because a move that would is refused before it is applied.
 */
import { MedledgerError } from '../errors.ts'
import { checkTokenEntry } from './entries.ts'
import type { TokenAccount, TokenEntry } from './entries.ts'

/**
 * A move would take an account below zero. Public code CONFLICT; `info` says which account, what it holds
 * and what was asked, so a client can tell "insufficient funds" from other conflicts by `name`.
 */
export class InsufficientFundsError extends MedledgerError {
  constructor (account: TokenAccount, balance: number, amount: number) {
    super('insufficient tokens for this move', 'CONFLICT', { reason: 'INSUFFICIENT_FUNDS', account, balance, amount })
    this.name = 'InsufficientFundsError'
  }
}

/**
 * Most tokens that may ever be minted: the largest GraphQL `Int` (32-bit signed), so every balance, every
 * total and every move stays representable in the API (a larger value would make `tokenSupply` or a balance
 * fail to serialize for everyone) and far inside Number.MAX_SAFE_INTEGER, so sums never lose precision.
 */
export const MAX_TOKEN_SUPPLY = 2_147_483_647

/**
 * Minting `adding` more tokens after `minted` would pass {@link MAX_TOKEN_SUPPLY}. Public code CONFLICT,
 * `info.reason` SUPPLY_LIMIT.
 */
export class SupplyLimitError extends MedledgerError {
  constructor (minted: number, adding: number) {
    super('minting this would exceed the token supply limit', 'CONFLICT', { reason: 'SUPPLY_LIMIT', minted, adding, limit: MAX_TOKEN_SUPPLY })
    this.name = 'SupplyLimitError'
  }
}

/** Balances and totals after some entries. */
export interface TokenState {
  balances: Map<TokenAccount, number>
  minted: number
  burned: number
  /** Refs already applied: a later entry with a used ref is void (the first one wins). */
  refs: Set<string>
}

/** The state before any token entry. */
export function emptyTokenState (): TokenState {
  return { balances: new Map(), minted: 0, burned: 0, refs: new Set() }
}

/** An account's balance (0 for one never seen). */
export function balanceOf (state: Pick<TokenState, 'balances'>, account: TokenAccount): number {
  return state.balances.get(account) ?? 0
}

/**
 * The per-account changes an entry makes, debits first; checks the entry's shape.
 * @throws TypeError / RangeError from checkTokenEntry
 */
export function deltasOf (entry: TokenEntry): Array<{ account: TokenAccount, delta: number }> {
  checkTokenEntry(entry)
  switch (entry.type) {
    case 'TokensMinted': return [{ account: entry.to, delta: entry.amount }]
    case 'TokensBurned': return [{ account: entry.from, delta: -entry.amount }]
    case 'TokensTransferred': return [{ account: entry.from, delta: -entry.amount }, { account: entry.to, delta: entry.amount }]
  }
}

/**
 * Applies one entry to `state` in place (all or nothing); returns false, changing nothing, when its ref was
 * already applied — so replaying a retried move is harmless and a rebuild agrees with the live cache.
 * @throws InsufficientFundsError when a debit exceeds the balance (state unchanged); TypeError / RangeError
 *   for a malformed entry
 */
export function applyTokenEntry (state: TokenState, entry: TokenEntry): boolean {
  const deltas = deltasOf(entry)
  if (state.refs.has(entry.ref)) return false
  for (const { account, delta } of deltas) {
    const balance = balanceOf(state, account)
    if (balance + delta < 0) throw new InsufficientFundsError(account, balance, -delta)
  }
  for (const { account, delta } of deltas) state.balances.set(account, balanceOf(state, account) + delta)
  if (entry.type === 'TokensMinted') state.minted += entry.amount
  if (entry.type === 'TokensBurned') state.burned += entry.amount
  state.refs.add(entry.ref)
  return true
}

/**
 * Folds entries into a state.
 * @throws InsufficientFundsError / TypeError / RangeError as applyTokenEntry (a ledger that holds such an
 *   entry was written around the checks)
 */
export function foldTokenEntries (entries: Iterable<TokenEntry>, state: TokenState = emptyTokenState()): TokenState {
  for (const e of entries) applyTokenEntry(state, e)
  return state
}

/** Sum of balances minus (minted − burned): 0 whenever tokens are conserved. */
export function conservationGap (state: TokenState): number {
  let sum = 0
  for (const b of state.balances.values()) sum += b
  return sum - (state.minted - state.burned)
}
