/**
 * The SQLite {@link TokenBank}: today's token cache (token-cache.ts, unchanged) behind the asynchronous port.
 * `exclusive` is a promise chain of this process: one data folder, one ledger writer, one mover at a time.
 */
import type { TokenAccount } from '../../core/tokens/index.ts'
import type { LedgerEntry } from '../../core/ledger/types.ts'
import type { TokenBank, TokenLedgerView, TokenMoveRow } from '../../ports/token-bank.ts'
import { TokenCache } from './token-cache.ts'

type Indexed = { index: number, entry: LedgerEntry }

/** Opens (creating or migrating) the token cache at `file` as a {@link TokenBank}. */
export function openSqliteTokenBank (file: string): TokenBank & { cache: TokenCache } {
  const cache = new TokenCache(file)
  let tail: Promise<unknown> = Promise.resolve()
  return {
    cache,
    async catchUp (ledger: TokenLedgerView) {
      const size = await ledger.size()
      const from = cache.position()
      if (size <= from) return
      const run = ledger.entries(from, size)
      // The embedded ledger reads synchronously; an asynchronous log is read ahead of the write transaction.
      const rows: Iterable<Indexed> = Symbol.iterator in run ? run : await collect(run)
      cache.catchUp({
        size: () => size,
        entries: (start = 0, end = size) => filterRange(rows, start, end)
      })
    },
    position: async () => cache.position(),
    hasRef: async (ref: string) => cache.hasRef(ref),
    balance: async (account: TokenAccount) => cache.balance(account),
    balances: async () => cache.balances(),
    totals: async () => cache.totals(),
    history: async (account: TokenAccount, limit: number, before?: number): Promise<TokenMoveRow[]> => cache.history(account, limit, before),
    allMoves: async (account: TokenAccount) => cache.allMoves(account),
    async exclusive<T> (fn: () => Promise<T>): Promise<T> {
      const run = tail.then(fn, fn)
      tail = run.catch(() => undefined)
      return run
    },
    close: () => cache.close()
  }
}

async function collect (rows: AsyncIterable<Indexed>): Promise<Indexed[]> {
  const out: Indexed[] = []
  for await (const row of rows) out.push(row)
  return out
}

function * filterRange (rows: Iterable<Indexed>, start: number, end: number): Iterable<Indexed> {
  for (const row of rows) if (row.index >= start && row.index < end) yield row
}
