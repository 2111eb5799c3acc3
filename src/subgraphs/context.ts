import type { DataDir } from '../spine/data-dir.ts'
import type { Clock, Rng } from '../core/types.ts'
import type { LedgerView } from '../adapters/ledger-embedded/ledger-reader.ts'
import type { Metrics } from './metrics.ts'
import type { PgPool } from '../adapters/postgres/index.ts'
import type { AuthKeys } from '../shared/auth-keys.ts'
import type { Viewer } from '../shared/viewer.ts'

export type { ApiScope, Role, Viewer } from '../shared/viewer.ts'
export { actorOf } from '../shared/viewer.ts'

/**
 * The long-lived things resolvers use. In embedded mode one set serves every subgraph; in distributed mode
 * each process opens only what its subgraph needs (only the records subgraph owns the data folder).
 */
export interface Services {
  clock: Clock
  rng: Rng
  /** The data folder's spine and ports; present where the records subgraph runs. */
  data?: DataDir
  /** The ledger for reading (the live one where the data folder is open, a file reader elsewhere). */
  ledger: LedgerView
  /**
   * The subgraph store called `name`, opened on first use from `<data folder>/<name>.db` by `open` and
   * kept until the services close. Each subgraph owns its store (identity.db, emergency.db, …); SQLite in
   * WAL mode lets processes of a distributed deployment share a file.
   */
  store<T extends { close(): void }>(name: string, open: (file: string) => T): T
  /** Signs and verifies bearer tokens and the internal context header; the keys stay inside. */
  auth: AuthKeys
  /** The data folder path (default ./.medledger). */
  dataDir: string
  metrics: Metrics
  /**
   * The cluster's PostgreSQL (one pool per process) when `MEDLEDGER_POSTGRES_URL` names one: stores then keep
   * their state there (adapters/postgres) instead of in the data folder's SQLite files. Undefined in the
   * embedded default.
   */
  postgres?: PgPool
}

/** Per-request context of every subgraph resolver. */
export interface SubgraphContext {
  viewer: Viewer
  requestId: string
  services: Services
  /** Per-request DataLoaders, created on first use (see loaders.ts). */
  loaders: Map<string, unknown>
}
