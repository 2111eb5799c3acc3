/**
 * Moves tokens: checks a batch of token entries against the cached balances, appends it to the ledger and
 * brings the cache up to date — one batch at a time (TokenBank.exclusive: per process on SQLite, per cluster
 * on PostgreSQL), so the balance a batch was checked against is the balance it lands on. Only the process that
 * owns the data folder appends (one ledger writer until the services append to the PostgreSQL ledger);
 * elsewhere moves fail and reads still work.
 *
 * Idempotency: an entry whose ref is already in the ledger is skipped (the cache's `refs`), so a caller that
 * crashed after the append and retries with the same refs moves nothing twice.
 */
import { checkTokenEntry, InsufficientFundsError, MAX_TOKEN_SUPPLY, SupplyLimitError } from '../../../../core/tokens/index.ts'
import type { TokenAccount, TokenEntry } from '../../../../core/tokens/index.ts'
import { deltasOf } from '../../../../core/tokens/index.ts'
import type { LedgerEntry } from '../../../../core/ledger/types.ts'
import type { Clock } from '../../../../core/types.ts'
import type { TokenBank, TokenLedgerView } from '../../../../ports/token-bank.ts'
import { openSqliteTokenBank } from '../../../../adapters/sqlite/token-bank.ts'
import { openPostgresTokenBank } from '../../../../adapters/postgres/token-bank.ts'
import type { Services } from '../../../context.ts'
import { requireDataDir } from '../../../data-dir.ts'

/** A token entry before it gets its time. */
export type TokenMove = TokenEntry extends infer E ? E extends TokenEntry ? Omit<E, 'time'> : never : never

/** This process's token bank: PostgreSQL when the services have a pool, else `<data folder>/tokens.db`. */
function bankOf (services: Pick<Services, 'store' | 'postgres'>): TokenBank {
  const pool = services.postgres
  if (pool !== undefined) return services.store('tokens-pg', () => openPostgresTokenBank(pool))
  return services.store('tokens', (file) => openSqliteTokenBank(file))
}

/**
 * This process's token bank, caught up with the ledger.
 * @throws MedledgerError LEDGER_CORRUPT (see TokenBank.catchUp); whatever the store throws when unreachable
 */
export async function tokenBank (services: Pick<Services, 'store' | 'ledger' | 'postgres'>): Promise<TokenBank> {
  const bank = bankOf(services)
  await bank.catchUp(services.ledger)
  return bank
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
  return moveOnBank({
    bank: bankOf(services),
    ledger: services.ledger,
    append: async (entries) => requireDataDir(services, 'token moves').ledger.append(entries),
    clock: services.clock
  }, moves, withEntries)
}

/** What a batch of moves needs: the bank, the ledger it derives from, and how to append to that ledger. */
export interface TokenMover {
  bank: TokenBank
  ledger: TokenLedgerView
  append(entries: LedgerEntry[]): Promise<number[]>
  clock: Clock
}

/**
 * The move itself, under the bank's exclusive turn: catch up, check every move against the balances, append
 * the new ones to the ledger, catch up again. Exported for processes that hold a bank and a shared ledger
 * without the services (the cluster tests).
 * @throws as moveTokens
 */
export async function moveOnBank (mover: TokenMover, moves: TokenMove[], withEntries: LedgerEntry[] = []): Promise<{ applied: boolean[], withIndexes: number[] }> {
  const { bank } = mover
  return bank.exclusive(async () => {
    await bank.catchUp(mover.ledger)
    const time = mover.clock.now()
    const fresh: TokenEntry[] = []
    const flags: boolean[] = []
    const pending = new Map<TokenAccount, number>()
    const seen = new Set<string>()
    let minted = (await bank.totals()).minted
    for (const move of moves) {
      const entry = { ...move, time }
      checkTokenEntry(entry)
      if (seen.has(entry.ref) || await bank.hasRef(entry.ref)) { flags.push(false); continue }
      for (const { account, delta } of deltasOf(entry)) {
        const balance = pending.get(account) ?? await bank.balance(account)
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
    const extra = withEntries.map((e) => ({ ...e, time }))
    const indexes = await mover.append([...fresh, ...extra])
    await bank.catchUp(mover.ledger)
    return { applied: flags, withIndexes: indexes.slice(fresh.length) }
  })
}
