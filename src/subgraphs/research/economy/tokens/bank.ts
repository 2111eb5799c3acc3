/**
 * Moves tokens: checks a batch of token entries against the cached balances, appends it to the ledger and
 * brings the cache up to date — one batch at a time per process (a promise-chain lock), so the balance a
 * batch was checked against is the balance it lands on. Only the process that owns the data folder appends
 * (one ledger writer); elsewhere moves fail and reads still work.
 *
 * Idempotency: an entry whose ref is already in the ledger is skipped (the cache's `refs`), so a caller that
 * crashed after the append and retries with the same refs moves nothing twice.
 */
import { checkTokenEntry, InsufficientFundsError, MAX_TOKEN_SUPPLY, SupplyLimitError } from '../../../../core/tokens/index.ts'
import type { TokenAccount, TokenEntry } from '../../../../core/tokens/index.ts'
import { deltasOf } from '../../../../core/tokens/index.ts'
import type { LedgerEntry } from '../../../../core/ledger/types.ts'
import type { Services } from '../../../context.ts'
import { SerialQueue } from '../../../serial-queue.ts'
import { TokenCache } from './store.ts'
import { requireDataDir } from '../../../data-dir.ts'

/** A token entry before it gets its time. */
export type TokenMove = TokenEntry extends infer E ? E extends TokenEntry ? Omit<E, 'time'> : never : never

interface Bank { cache: TokenCache, serial: SerialQueue, close(): void }

function bankOf (services: Pick<Services, 'store'>): Bank {
  return services.store('tokens', (file) => {
    const cache = new TokenCache(file)
    return { cache, serial: new SerialQueue(), close: () => cache.close() }
  })
}

/** This process's token cache, caught up with the ledger. */
export function tokenCache (services: Pick<Services, 'store' | 'ledger'>): TokenCache {
  const { cache } = bankOf(services)
  cache.catchUp(services.ledger)
  return cache
}

/**
 * Appends the moves of `moves` whose refs are new, all or nothing, and returns one flag per move (true when
 * it was appended now, false when its ref was already used).
 * @throws InsufficientFundsError (public CONFLICT) when any move would take an account below zero, and
 *   SupplyLimitError (public CONFLICT) when its mints would pass MAX_TOKEN_SUPPLY — nothing is appended; TypeError / RangeError for a malformed move; Error when this process does not own the data folder
 */
export async function moveTokens (services: Services, moves: TokenMove[]): Promise<boolean[]> {
  return (await moveTokensWith(services, moves)).applied
}

/**
 * {@link moveTokens}, appending `withEntries` (e.g. a FundingContractAnchored) in the same ledger append when —
 * and only when — at least one move is new, so the record of why tokens moved exists exactly once.
 * Every entry of the batch gets the same `time` (services.clock), overriding any given. Returns the flags and
 * the ledger indexes of `withEntries` (empty when nothing was appended).
 * @throws as moveTokens
 */
export async function moveTokensWith (services: Services, moves: TokenMove[], withEntries: LedgerEntry[] = []): Promise<{ applied: boolean[], withIndexes: number[] }> {
  const bank = bankOf(services)
  return bank.serial.run(async () => {
    bank.cache.catchUp(services.ledger)
    const time = services.clock.now()
    const fresh: TokenEntry[] = []
    const flags: boolean[] = []
    const pending = new Map<TokenAccount, number>()
    const seen = new Set<string>()
    let minted = bank.cache.totals().minted
    for (const move of moves) {
      const entry = { ...move, time }
      checkTokenEntry(entry)
      if (bank.cache.hasRef(entry.ref) || seen.has(entry.ref)) { flags.push(false); continue }
      for (const { account, delta } of deltasOf(entry)) {
        const balance = pending.get(account) ?? bank.cache.balance(account)
        if (balance + delta < 0) throw new InsufficientFundsError(account, balance, -delta)
        pending.set(account, balance + delta)
      }
      if (entry.type === 'TokensMinted') {
        // Capped supply: balances and totals must stay GraphQL Ints (see MAX_TOKEN_SUPPLY).
        if (entry.amount > MAX_TOKEN_SUPPLY - minted) throw new SupplyLimitError(minted, entry.amount)
        minted += entry.amount
      }
      seen.add(entry.ref)
      fresh.push(entry)
      flags.push(true)
    }
    if (fresh.length === 0) return { applied: flags, withIndexes: [] }
    const data = requireDataDir(services, 'token moves')
    const extra = withEntries.map((e) => ({ ...e, time }))
    const indexes = await data.ledger.append([...fresh, ...extra])
    bank.cache.catchUp(services.ledger)
    return { applied: flags, withIndexes: indexes.slice(fresh.length) }
  })
}
