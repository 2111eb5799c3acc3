import type DataLoader from 'dataloader'
import { loader } from '../loaders.ts'
import type { SubgraphContext } from '../context.ts'
import type { AccountRow, OrganizationRow, PatientRow, PractitionerRow } from './rows.ts'
import { identityStore } from './store.ts'

/*
 * Per-request DataLoaders of the identity subgraph: one store query per batch, counted in
 * `services.metrics` under the loader's name (e.g. `identity.patients`).
 */

type Ids = readonly string[]

/** Accounts by id (null when unknown). */
export const accounts = (ctx: SubgraphContext): DataLoader<string, AccountRow | null> =>
  loader(ctx, 'identity.accounts', async (ids: Ids) => identityStore(ctx.services).accountsByIds(ids).map(orNull))

/** Patients by unique person ID (null when unknown). */
export const patients = (ctx: SubgraphContext): DataLoader<string, PatientRow | null> =>
  loader(ctx, 'identity.patients', async (ids: Ids) => identityStore(ctx.services).patientsByIds(ids).map(orNull))

/** The patient of an account id (null when the account is not a patient). */
export const patientsByAccount = (ctx: SubgraphContext): DataLoader<string, PatientRow | null> =>
  loader(ctx, 'identity.patientsByAccount', async (ids: Ids) => identityStore(ctx.services).patientsByAccountIds(ids).map(orNull))

/** Practitioners by id (null when unknown). */
export const practitioners = (ctx: SubgraphContext): DataLoader<string, PractitionerRow | null> =>
  loader(ctx, 'identity.practitioners', async (ids: Ids) => identityStore(ctx.services).practitionersByIds(ids).map(orNull))

/** The practitioner of an account id (null when the account is not a practitioner). */
export const practitionersByAccount = (ctx: SubgraphContext): DataLoader<string, PractitionerRow | null> =>
  loader(ctx, 'identity.practitionersByAccount', async (ids: Ids) => identityStore(ctx.services).practitionersByAccountIds(ids).map(orNull))

/** The practitioners of an organization id, by name. */
export const practitionersByOrganization = (ctx: SubgraphContext): DataLoader<string, PractitionerRow[]> =>
  loader(ctx, 'identity.practitionersByOrganization', async (ids: Ids) => identityStore(ctx.services).practitionersByOrganizationIds(ids))

/** Organizations by id (null when unknown). */
export const organizations = (ctx: SubgraphContext): DataLoader<string, OrganizationRow | null> =>
  loader(ctx, 'identity.organizations', async (ids: Ids) => identityStore(ctx.services).organizationsByIds(ids).map(orNull))

function orNull<T> (row: T | undefined): T | null {
  return row ?? null
}
