/**
 * Who is who, for the derived figures: hospital admins and practitioners (read from identity.db, like
 * ../../identity-read.ts does), and which hospital wrote a record — the importing hospital (the import state),
 * else the organization of the practitioner or API key that wrote it (the index row's actor).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { makeError } from '../../../core/errors.ts'
import type { RecordRow } from '../../../ports/record-index.ts'
import type { Services, Viewer } from '../../context.ts'
import { importState } from '../import-jobs.ts'

/** A store of another module opened read-only (shared with identity-read.ts for identity.db); undefined until it exists. */
function readOnly (services: Services, name: 'identity'): DatabaseSync | undefined {
  const file = join(services.dataDir, `${name}.db`)
  if (!existsSync(file)) return undefined
  return services.store(`${name}-read`, () => new DatabaseSync(file, { readOnly: true }))
}

function all (services: Services, sql: string, ...params: string[]): Array<Record<string, unknown>> {
  return query(readOnly(services, 'identity'), sql, params)
}

function query (db: DatabaseSync | undefined, sql: string, params: string[]): Array<Record<string, unknown>> {
  if (db === undefined) return []
  try {
    return db.prepare(sql).all(...params)
  } catch (err) {
    if (err instanceof Error && /no such table/.test(err.message)) return []
    throw err
  }
}

/** True when the viewer is a HOSPITAL_ADMIN account that administers `organizationId` (identity's organization_admins). */
export function administers (services: Services, viewer: Viewer, organizationId: string): boolean {
  if (viewer.kind !== 'account' || !viewer.roles.includes('HOSPITAL_ADMIN')) return false
  return all(services, 'SELECT 1 AS x FROM organization_admins WHERE organization_id = ? AND account_id = ?', organizationId, viewer.accountId).length > 0
}

/**
 * Checks that the viewer administers `organizationId`.
 * @throws MedledgerError UNAUTHENTICATED when anonymous; FORBIDDEN otherwise (also for an unknown organization)
 */
export function assertAdmin (services: Services, viewer: Viewer, organizationId: string): void {
  if (viewer.kind === 'anonymous') throw makeError('sign in first', 'UNAUTHENTICATED')
  if (!administers(services, viewer, organizationId)) throw makeError('only the organization\'s admins may see this', 'FORBIDDEN')
}

/** The organization of a registered practitioner, if `practitionerId` is one. */
export function practitionerOrganization (services: Services, practitionerId: string): string | undefined {
  return all(services, 'SELECT organization_id FROM practitioners WHERE id = ?', practitionerId)[0]?.organization_id as string | undefined
}

/** Display names of registered practitioners. */
export function practitionerNames (services: Services, ids: readonly string[]): Map<string, string> {
  return new Map(all(services, 'SELECT id, name FROM practitioners WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(ids))
    .map((r) => [r.id as string, r.name as string]))
}

/** The organization each actor (`account:<id>` of a practitioner, `apikey:<id>`) writes for. */
function actorOrganizations (services: Services, actors: readonly string[]): Map<string, string> {
  const out = new Map<string, string>()
  const accounts = actors.filter((a) => a.startsWith('account:')).map((a) => a.slice(8))
  const keys = actors.filter((a) => a.startsWith('apikey:')).map((a) => a.slice(7))
  for (const r of all(services, 'SELECT account_id, organization_id FROM practitioners WHERE account_id IN (SELECT value FROM json_each(?))', JSON.stringify(accounts))) {
    out.set(`account:${r.account_id as string}`, r.organization_id as string)
  }
  for (const r of all(services, 'SELECT id, organization_id FROM api_keys WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(keys))) {
    out.set(`apikey:${r.id as string}`, r.organization_id as string)
  }
  return out
}

/** Record ids of a resource type a hospital imported (the import state: import.db, or PostgreSQL in a cluster). */
export async function importedRecordIds (services: Services, hospital: string, type: string): Promise<string[]> {
  return importState(services).hospitalRecordsOfType(hospital, type)
}

/**
 * The hospital that wrote each record version: the organization of the practitioner or API key that wrote it,
 * else the hospital that imported the record; absent when none. The writer comes first: a version another
 * hospital's practitioner wrote over an imported record is theirs, not the importer's to decrypt (review fix).
 */
export async function hospitalsOf (services: Services, rows: readonly RecordRow[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const imported = await importState(services).importingHospitals(rows.map((r) => r.recordId))
  const byActor = actorOrganizations(services, [...new Set(rows.map((r) => r.actor))])
  for (const row of rows) {
    const h = byActor.get(row.actor) ?? imported.get(row.recordId)
    if (h !== undefined) out.set(row.recordId, h)
  }
  return out
}
