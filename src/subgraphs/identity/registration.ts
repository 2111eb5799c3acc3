import { makeError } from '../../core/errors.ts'
import type { SubgraphContext } from '../context.ts'
import { requireAccount } from './access.ts'
import { randomUuid } from './ids.ts'
import type { OrganizationRow, PatientRow, PractitionerRow } from './rows.ts'
import { checksummed } from './siwe.ts'
import { identityStore } from './store.ts'

type Ctx = Pick<SubgraphContext, 'viewer' | 'services'>
const MAX_NAME_LENGTH = 200

/**
 * Registers the signed-in account as a patient: a fresh random UUID as unique person ID, the account's
 * public key (recovered at sign-in) as the key record data keys are wrapped to, and the role PATIENT.
 * @throws MedledgerError UNAUTHENTICATED when not signed in (or the account is gone); FORBIDDEN for an API
 * key; CONFLICT when the account already is a patient
 */
export function registerPatient (ctx: Ctx): PatientRow {
  const viewer = requireAccount(ctx.viewer)
  const store = identityStore(ctx.services)
  const [account] = store.accountsByIds([viewer.accountId])
  if (account === undefined) throw makeError('account not found', 'UNAUTHENTICATED')
  return store.createPatient({ id: randomUuid(ctx.services.rng), accountId: account.id, publicKey: account.publicKey, registeredAt: ctx.services.clock.now() })
}

/**
 * Registers an organization (a hospital); the caller becomes its HOSPITAL_ADMIN. It starts UNVERIFIED: it is
 * trusted as a hospital (emergencies, break-glass, billing, organization-wide grants) only once an operator
 * or a REGULATOR verifies it (verification.ts). A location needs both
 * coordinates, latitude in [-90, 90] and longitude in [-180, 180] degrees (WGS 84).
 * @throws MedledgerError UNAUTHENTICATED / FORBIDDEN as `requireAccount`; BAD_INPUT for an empty or
 * overlong name or bad coordinates
 */
export function registerOrganization (ctx: Ctx, input: { name: string, latitude?: number | null, longitude?: number | null }): OrganizationRow {
  const viewer = requireAccount(ctx.viewer)
  const name = validName(input.name)
  const latitude = input.latitude ?? null
  const longitude = input.longitude ?? null
  if ((latitude === null) !== (longitude === null)) throw makeError('give both latitude and longitude, or neither', 'BAD_INPUT')
  if (latitude !== null && !(Number.isFinite(latitude) && latitude >= -90 && latitude <= 90)) throw makeError('latitude must be in [-90, 90]', 'BAD_INPUT')
  if (longitude !== null && !(Number.isFinite(longitude) && longitude >= -180 && longitude <= 180)) throw makeError('longitude must be in [-180, 180]', 'BAD_INPUT')
  const row = { id: randomUuid(ctx.services.rng), name, latitude, longitude, createdAt: ctx.services.clock.now() }
  return identityStore(ctx.services).createOrganization(row, viewer.accountId)
}

/**
 * A hospital admin registers a practitioner of their organization. The practitioner's wallet must have
 * signed in once (so its account and public key exist); it gains the role PRACTITIONER. An account is the
 * practitioner of one organization.
 * @throws MedledgerError UNAUTHENTICATED / FORBIDDEN as `requireAccount`; FORBIDDEN unless the caller
 * administers `organizationId`; BAD_INPUT for a bad address or name; NOT_FOUND when no account has that
 * address; CONFLICT when it already is a practitioner
 */
export function registerPractitioner (ctx: Ctx, input: { address: string, name: string, organizationId: string }): PractitionerRow {
  const viewer = requireAccount(ctx.viewer)
  const store = identityStore(ctx.services)
  if (!store.isOrganizationAdmin(input.organizationId, viewer.accountId)) throw makeError('only an admin of the organization may register its practitioners', 'FORBIDDEN')
  const name = validName(input.name)
  const account = store.accountByAddress(checksummed(input.address))
  if (account === undefined) throw makeError('no account has that address; the practitioner signs in once first', 'NOT_FOUND')
  return store.createPractitioner({ id: randomUuid(ctx.services.rng), accountId: account.id, organizationId: input.organizationId, name, registeredAt: ctx.services.clock.now() })
}

function validName (name: string): string {
  const trimmed = name.trim()
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH) throw makeError(`name must be 1 to ${MAX_NAME_LENGTH} characters`, 'BAD_INPUT')
  return trimmed
}
