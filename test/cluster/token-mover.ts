/**
 * One process of the token cluster test (tokens-cluster.int.test.ts): opens the PostgreSQL token bank and
 * the PostgreSQL ledger (appending only: no integrator), reads a JSON array of token moves from the MOVES
 * env, prints `ready`, and on a `go` line on stdin runs them all at once through moveOnBank, each as its own
 * batch. Prints `result {"applied":n,"replayed":n,"refused":n}` and exits 0; any error other than
 * InsufficientFundsError is printed and exits 1. Env: POSTGRES_URL, MOVES.
 */
import { openPostgresLedger } from '../../src/adapters/ledger-postgres/index.ts'
import { openPool } from '../../src/adapters/postgres/index.ts'
import { openPostgresTokenBank } from '../../src/adapters/postgres/token-bank.ts'
import { InsufficientFundsError } from '../../src/core/tokens/index.ts'
import { moveOnBank } from '../../src/subgraphs/research/economy/tokens/bank.ts'
import type { TokenMove } from '../../src/subgraphs/research/economy/tokens/bank.ts'

const url = process.env.POSTGRES_URL!
const moves = JSON.parse(process.env.MOVES!) as TokenMove[]
const clock = { now: () => Date.now() }
const pool = openPool(url, { max: 4 })
const ledger = await openPostgresLedger({ url, clock, integrate: false, poolSize: 4 })
const bank = openPostgresTokenBank(pool)
const mover = { bank, ledger, append: async (entries: Parameters<typeof ledger.append>[0]) => ledger.append(entries), clock }

process.stdout.write('ready\n')
await new Promise<void>((resolve) => { process.stdin.setEncoding('utf8').on('data', (d: string) => { if (d.includes('go')) resolve() }) })
const counts = { applied: 0, replayed: 0, refused: 0 }
let failed: unknown
await Promise.all(moves.map(async (move) => {
  try {
    const [applied] = (await moveOnBank(mover, [move])).applied
    counts[applied === true ? 'applied' : 'replayed']++
  } catch (err) {
    if (err instanceof InsufficientFundsError) counts.refused++
    else failed = err
  }
}))
process.stdout.write(`result ${JSON.stringify(counts)}\n`)
await ledger.close()
await pool.end()
if (failed !== undefined) process.stderr.write(`${failed instanceof Error ? failed.stack ?? failed.message : JSON.stringify(failed)}\n`)
process.exit(failed === undefined ? 0 : 1)
