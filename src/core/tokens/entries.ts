/**
 * Token ledger entries. Tokens exist only as these entries in the verifiable ledger; every balance is derived
 * by applying them in ledger order (balances.ts). Amounts are positive safe integers — there are no
 * fractional tokens, so sums never drift. Every entry carries a `ref` unique across all token entries: the
 * idempotency key that makes a retried reward, donation, refund or payment a no-op instead of a double move.
 */
import type { LedgerEntryBase } from '../ledger/types.ts'

/** An account name: `patient:<id>`, `account:<id>`, `org:<id>`, `escrow:<campaignId>` or `system:<name>`. */
export type TokenAccount = string

const ACCOUNT = /^(patient|account|org|escrow|system):[A-Za-z0-9._:-]{1,200}$/

/** True for a well-formed account name (see {@link TokenAccount}). */
export function isTokenAccount (value: unknown): value is TokenAccount {
  return typeof value === 'string' && ACCOUNT.test(value)
}

/** Fields every token entry has. */
type TokenEntryCommon = {
  type: string
  time: number
  amount: number
  /** Why tokens moved, e.g. `research-share`, `donation`, `refund`, `claim-payment`. */
  reason: string
  /** Unique per token entry (the idempotency key). */
  ref: string
  /** Who caused the move (`account:<id>`, `system:<name>`). */
  actor: string
}
// Type aliases, not interfaces: they must fit the ledger's open `LedgerEntryBase & Record<string, unknown>`.

/** New tokens credited to `to` (rewards, an insurer's deposit). */
export type TokensMinted = TokenEntryCommon & { type: 'TokensMinted', to: TokenAccount }
/** Tokens moved from `from` to `to`; refused when `from` holds less than `amount`. */
export type TokensTransferred = TokenEntryCommon & { type: 'TokensTransferred', from: TokenAccount, to: TokenAccount }
/** Tokens taken out of circulation from `from`. */
export type TokensBurned = TokenEntryCommon & { type: 'TokensBurned', from: TokenAccount }

export type TokenEntry = TokensMinted | TokensTransferred | TokensBurned

export const TOKEN_ENTRY_TYPES: ReadonlySet<string> = new Set(['TokensMinted', 'TokensTransferred', 'TokensBurned'])

/** True when a ledger entry is a token entry (by its `type`; shape is checked by {@link checkTokenEntry}). */
export function isTokenEntry (entry: LedgerEntryBase): entry is TokenEntry {
  return TOKEN_ENTRY_TYPES.has(entry.type)
}

/**
 * Checks a token entry's shape before it is appended.
 * @throws TypeError for a missing or mistyped field; RangeError for an amount that is not a positive safe
 *   integer, a malformed account, or a transfer to the same account
 */
export function checkTokenEntry (entry: TokenEntry): void {
  if (!TOKEN_ENTRY_TYPES.has(entry.type)) throw new TypeError('not a token entry')
  if (typeof entry.ref !== 'string' || entry.ref === '' || typeof entry.reason !== 'string' || typeof entry.actor !== 'string') {
    throw new TypeError('a token entry needs ref, reason and actor strings')
  }
  if (!Number.isSafeInteger(entry.amount) || entry.amount <= 0) throw new RangeError('token amounts are positive integers')
  const accounts = entry.type === 'TokensMinted' ? [entry.to] : entry.type === 'TokensBurned' ? [entry.from] : [entry.from, entry.to]
  for (const a of accounts) if (!isTokenAccount(a)) throw new RangeError('malformed token account')
  if (entry.type === 'TokensTransferred' && entry.from === entry.to) throw new RangeError('a transfer needs two different accounts')
}
