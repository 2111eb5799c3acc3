/**
 * Staff patient look-up: a hospital's practitioners and admins find the patients THEIR hospital imported,
 * by the hospital's own identifier (MRN, as imported) or by family name and birth date (a given name narrows).
 * The search space is only that hospital's imported Patient resources (import state, keyed by hospital), so
 * another hospital's patient is never a candidate. Every look-up is audited: a `PatientLookup` ledger entry
 * (who, which hospital, how, how many matched; never the searched name or number), and for each match an
 * AccessLogged entry with purpose `LOOKUP` on that patient, so it shows in the patient's access log.
 */
import { makeError } from '../../core/errors.ts'
import type { FhirResource } from '../../core/fhir/metadata.ts'
import type { RecordRow } from '../../ports/record-index.ts'
import { actorOf } from '../context.ts'
import type { SubgraphContext, Viewer } from '../context.ts'
import { logAccess } from './audit.ts'
import { dataOf } from './data.ts'
import { importState } from './import-jobs.ts'

/** The audit purpose of a look-up in AccessLogged entries. */
export const LOOKUP_PURPOSE = 'LOOKUP'
/** At most this many matches are returned (and logged). */
export const MAX_LOOKUP_MATCHES = 20

/** What a look-up asks. */
export interface PatientLookupInput {
  organizationId?: string | null
  mrn?: string | null
  /** The identifier system the MRN belongs to; any when absent. */
  mrnSystem?: string | null
  family?: string | null
  given?: string | null
  /** YYYY-MM-DD */
  birthDate?: string | null
}

/** One patient found, with what the hospital's own imported Patient resource says of them. */
export interface PatientLookupMatch {
  patient: { id: string }
  mrn: string | null
  name: string | null
  birthDate: string | null
}

/**
 * The hospital the caller looks up for: one they practise at or administer.
 * @throws MedledgerError UNAUTHENTICATED (anonymous); FORBIDDEN for anyone but the hospital's practitioners
 *   and admins; BAD_INPUT when the caller works for several hospitals and names none
 */
function staffOrganization (viewer: Viewer, organizationId: string | null | undefined): string {
  if (viewer.kind === 'anonymous') throw makeError('sign in to look up patients', 'UNAUTHENTICATED')
  if (viewer.kind !== 'account' || !(viewer.roles.includes('PRACTITIONER') || viewer.roles.includes('HOSPITAL_ADMIN'))) {
    throw makeError('only a hospital\'s practitioners and admins look up its patients', 'FORBIDDEN')
  }
  const org = organizationId ?? (viewer.organizationIds.length === 1 ? viewer.organizationIds[0] : undefined)
  if (org === undefined) throw makeError('name the organization you look up for', 'BAD_INPUT')
  if (!viewer.organizationIds.includes(org)) throw makeError('you may look up only your own hospital\'s patients', 'FORBIDDEN')
  return org
}

/** Case, accents and spacing ignored. */
function norm (s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').trim().replace(/\s+/g, ' ').toLowerCase()
}

interface HumanName { family?: string, given?: string[], use?: string }

function namesOf (resource: FhirResource): HumanName[] {
  const names = (resource as { name?: unknown }).name
  return Array.isArray(names) ? names as HumanName[] : []
}

function displayName (resource: FhirResource): string | null {
  const name = namesOf(resource).find((n) => n.use === 'official') ?? namesOf(resource)[0]
  if (name === undefined) return null
  return [...(name.given ?? []), name.family ?? ''].join(' ').trim() || null
}

function birthDateOf (resource: FhirResource): string | null {
  const b = (resource as { birthDate?: unknown }).birthDate
  return typeof b === 'string' ? b : null
}

interface Identifier { system?: string, value?: string, type?: { coding?: Array<{ code?: string }> } }

function identifiersOf (resource: FhirResource): Identifier[] {
  const ids = (resource as { identifier?: unknown }).identifier
  return Array.isArray(ids) ? ids as Identifier[] : []
}

const isMrn = (i: Identifier): boolean => i.type?.coding?.some((c) => c.code === 'MR') === true

/** The identifier the hospital's system marks as its MRN (v2-0203 type MR), else null. */
function mrnOf (resource: FhirResource): string | null {
  const mr = identifiersOf(resource).find(isMrn)
  return typeof mr?.value === 'string' ? mr.value : null
}

/**
 * True when `value` is the resource's MRN: in `system` when given, else on an identifier typed MR — so a
 * social security or licence number never finds anyone.
 */
function hasMrn (resource: FhirResource, value: string, system: string | undefined): boolean {
  return identifiersOf(resource).some((i) => i.value === value && (system === undefined ? isMrn(i) : i.system === system))
}

function matchesName (resource: FhirResource, family: string, given: string | undefined, birthDate: string): boolean {
  if (birthDateOf(resource) !== birthDate) return false
  return namesOf(resource).some((n) => typeof n.family === 'string' && norm(n.family) === family &&
    (given === undefined || (n.given ?? []).some((g) => norm(g) === given)))
}

/**
 * Finds the caller's hospital's patients by MRN or by family name + birth date, audited.
 * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not staff of that hospital); BAD_INPUT for a look-up
 *   that gives neither an MRN nor family name and birth date, or a malformed birth date
 */
export async function findPatients (ctx: SubgraphContext, input: PatientLookupInput): Promise<PatientLookupMatch[]> {
  const hospital = staffOrganization(ctx.viewer, input.organizationId)
  const mrn = input.mrn?.trim() ?? ''
  const family = norm(input.family ?? '')
  const birthDate = input.birthDate?.trim() ?? ''
  const byMrn = mrn.length > 0
  if (!byMrn && (family.length === 0 || birthDate.length === 0)) throw makeError('give an MRN, or a family name and a birth date', 'BAD_INPUT')
  if (!byMrn && !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) throw makeError('birthDate must be YYYY-MM-DD', 'BAD_INPUT')
  if (mrn.length > 200 || family.length > 200) throw makeError('look-up values are at most 200 characters', 'BAD_INPUT')

  const data = dataOf(ctx.services)
  const state = importState(ctx.services)
  const recordIds = byMrn
    ? [...new Set((await state.identifierMatches(hospital, 'Patient', mrn, input.mrnSystem ?? undefined)).map((m) => m.state.recordId))]
    : await state.hospitalRecordsOfType(hospital, 'Patient')
  const rows = recordIds.map((id) => data.index.record(id)).filter((r): r is RecordRow => r !== undefined && r.resourceType === 'Patient')
  const resources = await data.spine.readRows(rows)
  const given = input.given === undefined || input.given === null || input.given.trim() === '' ? undefined : norm(input.given)
  const matches: Array<{ row: RecordRow, resource: FhirResource }> = []
  rows.forEach((row, i) => {
    const resource = resources[i]
    // A shredded (erased) Patient record is no longer findable.
    if (resource === undefined || resource instanceof Error) return
    if (byMrn ? hasMrn(resource, mrn, input.mrnSystem ?? undefined) : matchesName(resource, family, given, birthDate)) matches.push({ row, resource })
  })
  const found = matches.slice(0, MAX_LOOKUP_MATCHES)

  await data.ledger.append([{ type: 'PatientLookup', actor: actorOf(ctx.viewer), organizationId: hospital, method: byMrn ? 'MRN' : 'NAME_BIRTHDATE', matches: found.length, time: ctx.services.clock.now() }])
  await Promise.all(found.map(async ({ row }) => logAccess(ctx, { subject: row.patientId, recordIds: [row.recordId], decision: 'permit', purpose: LOOKUP_PURPOSE })))
  return found.map(({ row, resource }) => ({ patient: { id: row.patientId }, mrn: mrnOf(resource), name: displayName(resource), birthDate: birthDateOf(resource) }))
}
