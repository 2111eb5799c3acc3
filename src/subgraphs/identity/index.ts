import type { SubgraphModule } from '../subgraph.ts'
import { resolvers } from './resolvers.ts'

/** The identity subgraph: accounts, Sign-In with Ethereum, patients, practitioners, organizations, API keys. */
export const identitySubgraph: SubgraphModule = { name: 'identity', resolvers }

export { findAccount, resolveViewer, viewerForAccount } from './viewer.ts'
export { identityStore, openIdentityStore } from './store.ts'
export type { IdentityStore } from './store.ts'
export type { AccountRow, ApiKeyRow, OrganizationRow, PatientRow, PractitionerRow } from './rows.ts'
export { DEFAULT_IDENTITY_CONFIG, identityConfig, signIn, siweChallenge } from './siwe.ts'
export type { IdentityConfig } from './siwe.ts'
