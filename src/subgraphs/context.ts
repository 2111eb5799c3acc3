import type { DataDir } from '../spine/data-dir.ts'
import type { Clock, Rng } from '../core/types.ts'
import type { LedgerView } from '../adapters/ledger-embedded/ledger-reader.ts'
import type { Metrics } from './metrics.ts'
import type { AuthKeys } from '../gateway/auth-keys.ts'

export type Role = 'PATIENT' | 'PRACTITIONER' | 'HOSPITAL_ADMIN' | 'RESEARCHER' | 'INSURER' | 'AUDITOR'
export type ApiScope = 'RECORDS_READ' | 'RECORDS_WRITE' | 'IMPORT'

/**
 * Who is asking. The gateway resolves it from the bearer token or API key and hands it to subgraphs in the
 * signed internal header; subgraphs never see the caller's credentials.
 */
export type Viewer =
  | { kind: 'anonymous' }
  | {
    kind: 'account'
    accountId: string
    /** EIP-55 address of the wallet. */
    address: string
    roles: Role[]
    /** Unique person ID when the account is a registered patient. */
    patientId?: string
    /** When the account is a registered practitioner. */
    practitionerId?: string
    /** Organizations the account administers (HOSPITAL_ADMIN) or works for (PRACTITIONER). */
    organizationIds: string[]
    /** The sign-in this bearer token belongs to (refreshSession keeps it, signOut revokes it). */
    sessionId?: string
    /** When that sign-in happened, ms since epoch. */
    authTime?: number
  }
  | { kind: 'apiKey', keyId: string, organizationId: string, scopes: ApiScope[] }

/** The name an actor goes by in ledger entries and audit logs. */
export function actorOf (viewer: Viewer): string {
  switch (viewer.kind) {
    case 'account': return `account:${viewer.accountId}`
    case 'apiKey': return `apikey:${viewer.keyId}`
    default: return 'anonymous'
  }
}

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
}

/** Per-request context of every subgraph resolver. */
export interface SubgraphContext {
  viewer: Viewer
  requestId: string
  services: Services
  /** Per-request DataLoaders, created on first use (see loaders.ts). */
  loaders: Map<string, unknown>
}
