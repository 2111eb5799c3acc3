import { PURPOSES_OF_USE } from '../../core/consent/index.ts'
import { makeError } from '../../core/errors.ts'
import type { RecordRow } from '../../ports/record-index.ts'
import { grantsLoader } from '../consent/grants-loader.ts'
import type { SubgraphContext, Viewer } from '../context.ts'
import { logAccess } from './audit.ts'
import { decideRead, isPatientThemself } from './policy.ts'
import type { ReadContext } from './policy.ts'

/** A viewer that is not anonymous. */
export type SignedIn = Exclude<Viewer, { kind: 'anonymous' }>

/**
 * The viewer, when signed in.
 * @throws MedledgerError UNAUTHENTICATED for an anonymous caller
 */
export function signedIn (viewer: Viewer): SignedIn {
  if (viewer.kind === 'anonymous') throw makeError('sign in to use records', 'UNAUTHENTICATED')
  return viewer
}

/** The FORBIDDEN error of a denied write; says nothing of whether the record exists. */
export function forbidden (): Error {
  return makeError('not permitted to access these records', 'FORBIDDEN')
}

/**
 * The CONSENT_REQUIRED error of a denied read; says nothing of whether the record exists. `allowedPurposes`
 * (sent as `extensions.allowedPurposes`) are the purposes of use for which the caller's OWN grants would
 * permit the read — what the caller could learn anyway by asking again with each purpose; nothing of other
 * people's grants.
 */
export function consentRequired (allowedPurposes: readonly string[] = []): Error {
  const hint = allowedPurposes.length === 0 ? '' : `; your own grants permit it for purpose ${allowedPurposes.join(' or ')}`
  return makeError(`no consent grant permits this read${hint}`, 'CONSENT_REQUIRED', { allowedPurposes: [...allowedPurposes] })
}

/**
 * The purposes of use, other than the one refused, for which `viewer` would be permitted at least one of
 * `rows` by the same grants at the same time (the consent engine decides only for the caller as subject).
 */
function ownAllowedPurposes (viewer: SignedIn, rows: readonly RecordRow[], read: Omit<ReadContext, 'purpose'>, refused: string): string[] {
  return PURPOSES_OF_USE.filter((purpose) => purpose !== refused && rows.some((row) => decideRead(viewer, row, { ...read, purpose }).permit))
}

/** One version the caller may read, with the grant that permitted it (none for the patient themself). */
export interface PermittedRow {
  row: RecordRow
  grantId?: string
}

/** The outcome of {@link authorizeRows}. */
export interface Authorized {
  permitted: PermittedRow[]
  /** True when the caller is the rows' patient: reads are not logged. */
  own: boolean
}

/**
 * Applies consent to record versions of ONE patient for the purpose of use `purpose`, at the services' clock
 * time. Grants come through the request's DataLoader ('consent.grants', one store query per batch); nothing
 * is cached across requests, so a revocation holds from the very next request. When nothing is permitted the
 * denial is logged (AccessLogged deny, with the denying grant if one decided) and thrown. Permitted reads
 * are NOT logged here: the caller logs what it serves with {@link logReads}. `deniedIds` (default: the rows'
 * ids) is what the deny entry names — a list query names none.
 * @throws MedledgerError UNAUTHENTICATED; CONSENT_REQUIRED (logged) when no row is permitted, with the
 *   purposes the caller's own grants would permit ({@link consentRequired})
 */
export async function authorizeRows (ctx: SubgraphContext, patientId: string, rows: readonly RecordRow[], purpose: string, options: { deniedIds?: readonly string[] } = {}): Promise<Authorized> {
  const viewer = signedIn(ctx.viewer)
  if (isPatientThemself(viewer, patientId)) return { permitted: rows.map((row) => ({ row })), own: true }
  const grants = (await grantsLoader(ctx).load(patientId)).map((g) => g.grant)
  const read = { purpose, time: ctx.services.clock.now(), grants }
  const permitted: PermittedRow[] = []
  let denyingGrant: string | undefined
  for (const row of rows) {
    const d = decideRead(viewer, row, read)
    if (d.permit) permitted.push(d.grantId === undefined ? { row } : { row, grantId: d.grantId })
    else denyingGrant ??= d.grantId
  }
  if (permitted.length === 0) {
    await logAccess(ctx, { subject: patientId, recordIds: uniqueIds(options.deniedIds ?? rows.map((r) => r.recordId)), decision: 'deny', purpose, ...(denyingGrant === undefined ? {} : { grant: denyingGrant }) })
    throw consentRequired(ownAllowedPurposes(viewer, rows, { time: read.time, grants }, purpose))
  }
  return { permitted, own: false }
}

/**
 * Logs permitted reads of someone else's records (one AccessLogged permit per deciding grant, batched per
 * request by audit.ts); resolves once durable, so nothing is served before it is logged. No-op for `own`.
 * @throws whatever the ledger append throws
 */
export async function logReads (ctx: SubgraphContext, patientId: string, purpose: string, auth: Authorized, served: readonly PermittedRow[]): Promise<void> {
  if (auth.own) return
  const groups = new Map<string, string[]>()
  for (const p of served) groups.set(p.grantId ?? '', [...(groups.get(p.grantId ?? '') ?? []), p.row.recordId])
  await Promise.all([...groups].map(async ([grant, ids]) =>
    logAccess(ctx, { subject: patientId, recordIds: uniqueIds(ids), decision: 'permit', purpose, ...(grant === '' ? {} : { grant }) })))
}

function uniqueIds (ids: readonly string[]): string[] {
  return [...new Set(ids)]
}
