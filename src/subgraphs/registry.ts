import { SUBGRAPH_NAMES } from '../shared/subgraphs.ts'
import type { SubgraphName } from '../shared/subgraphs.ts'
import type { Services, Viewer } from './context.ts'
import type { SubgraphModule } from './subgraph.ts'

/**
 * Resolves the caller of one gateway request from its `Authorization` header (`Bearer <token>`,
 * `ApiKey <secret>` or none for anonymous).
 * @throws MedledgerError UNAUTHENTICATED for credentials that do not verify
 */
export type ViewerResolver = (services: Services, authorization: string | undefined) => Promise<Viewer>

/** Finds an account by its id or its wallet address; null when there is none. */
export type AccountFinder = (services: Pick<Services, 'store'>, addressOrId: string) => Promise<{ id: string } | null>

/** One lazy import per subgraph folder, so a process loads only the subgraphs it runs. */
const MODULES: Record<SubgraphName, () => Promise<SubgraphModule>> = {
  identity: async () => (await import('./identity/index.ts')).identitySubgraph,
  records: async () => (await import('./records/index.ts')).recordsSubgraph,
  consent: async () => (await import('./consent/index.ts')).consentSubgraph,
  emergency: async () => (await import('./emergency/index.ts')).emergencySubgraph,
  research: async () => (await import('./research/index.ts')).researchSubgraph,
  ledger: async () => (await import('./ledger/index.ts')).ledgerSubgraph
}

/**
 * The module (resolvers) of subgraph `name`, imported on first use.
 * @throws TypeError for a name that is not a subgraph
 */
export async function loadSubgraph (name: SubgraphName): Promise<SubgraphModule> {
  const load = MODULES[name] as (() => Promise<SubgraphModule>) | undefined
  if (load === undefined) throw new TypeError(`unknown subgraph '${String(name)}'; expected one of ${SUBGRAPH_NAMES.join(', ')}`)
  return load()
}

/** The identity subgraph's `resolveViewer`, imported on first use (the gateway needs it; subgraph processes do not). */
export async function loadViewerResolver (): Promise<ViewerResolver> {
  return (await import('./identity/index.ts')).resolveViewer
}

/** The identity subgraph's `findAccount`, for `medledger token`. */
export async function loadAccountFinder (): Promise<AccountFinder> {
  return (await import('./identity/index.ts')).findAccount
}
