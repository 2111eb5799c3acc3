import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { openFileKeys } from '../adapters/keys-file/index.ts'
import { openLedgerReader } from '../adapters/ledger-embedded/ledger-reader.ts'
import type { Clock, Rng } from '../core/types.ts'
import { systemClock, systemRng } from '../ports/clock.ts'
import { dataPaths, openDataDir } from '../spine/data-dir.ts'
import type { Services } from './context.ts'
import { Metrics } from './metrics.ts'
import { appendVerificationEntries } from './identity/verification.ts'
import { openAuthKeys } from '../shared/auth-keys.ts'
import { startAnchoring } from '../adapters/ledger-evm/config.ts'
import { openPool, postgresUrlFromEnv } from '../adapters/postgres/index.ts'
import type { AnchorConfig } from '../adapters/ledger-evm/config.ts'

export interface ServicesOptions {
  dataDir: string
  /** Open the data folder's spine (only one process may): where the records subgraph runs. */
  ownsData: boolean
  clock?: Clock
  rng?: Rng
  /** Seal a block every this many ms while entries are pending (default 1000; 0 = only by size and on close). */
  sealIntervalMs?: number
  fsync?: boolean
  /** Anchor the ledger to an EVM chain (only where the data folder is owned); see anchorConfigFromEnv. */
  anchor?: AnchorConfig
  /**
   * The cluster's PostgreSQL; default `MEDLEDGER_POSTGRES_URL`, `null` for none whatever the environment
   * says. Unset: every store stays in the data folder (the embedded default).
   */
  postgresUrl?: string | null
}

/**
 * Opens what the subgraphs of one process need. The owner of the data folder also seals pending ledger
 * entries on a timer, so a new record's inclusion proof is available within about a second.
 */
export async function openServices (options: ServicesOptions): Promise<Services & { close(): Promise<void> }> {
  const dataDir = resolve(options.dataDir)
  mkdirSync(dataDir, { recursive: true })
  const clock = options.clock ?? systemClock
  const rng = options.rng ?? systemRng
  const stores = new Map<string, { close(): void }>()
  const closers: Array<() => Promise<void> | void> = []
  let ledger: Services['ledger']
  let data: Services['data']
  if (options.ownsData) {
    data = await openDataDir(dataDir, { clock, rng, fsync: options.fsync })
    ledger = data.ledger
    // closers run in reverse: the timer below stops before the data folder closes
    closers.push(async () => data!.close())
    const interval = options.sealIntervalMs ?? 1000
    if (interval > 0) {
      const timer = setInterval(() => {
        // Verification changes made by the CLI beside this process wait in identity.db for their ledger entry.
        void appendVerificationEntries(services).catch(() => undefined)
        if (data!.ledger.pending() > 0) void data!.spine.flush()
      }, interval)
      timer.unref()
      closers.push(() => clearInterval(timer))
    }
    if (options.anchor !== undefined) {
      const anchorer = startAnchoring(options.anchor, data.ledger, clock)
      closers.push(async () => anchorer.stop())
    }
  } else {
    const keys = openFileKeys({ dir: dataPaths(dataDir).keys, rng, clock })
    const signer = keys.ledgerSigner().address
    keys.close()
    const reader = openLedgerReader({ dir: dataPaths(dataDir).ledger, clock, trustedSigners: [signer] })
    ledger = reader
    closers.push(async () => reader.close())
  }
  const auth = openAuthKeys({ dir: dataPaths(dataDir).keys, clock, rng })
  const postgresUrl = options.postgresUrl === undefined ? postgresUrlFromEnv() : options.postgresUrl ?? undefined
  const postgres = postgresUrl === undefined ? undefined : openPool(postgresUrl)
  const services: Services & { close(): Promise<void> } = {
    clock,
    rng,
    auth,
    data,
    ledger,
    dataDir,
    metrics: new Metrics(),
    ...(postgres === undefined ? {} : { postgres }),
    store<T extends { close(): void }> (name: string, open: (file: string) => T): T {
      let found = stores.get(name) as T | undefined
      if (found === undefined) {
        found = open(join(dataDir, `${name}.db`))
        stores.set(name, found)
      }
      return found
    },
    async close () {
      for (const c of closers.reverse()) await c()
      for (const s of stores.values()) s.close()
      stores.clear()
      await postgres?.end()
    }
  }
  return services
}
