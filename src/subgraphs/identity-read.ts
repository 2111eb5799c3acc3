/**
 * Read-only access to the identity subgraph's store for the subgraphs that need one fact about a registered
 * patient (records: the public key; consent: the wallet address). It couples them to identity's table layout
 * on purpose and in one place; when identity grows a port for it (or a federated fetch), only this file and
 * its two callers change.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { makeError } from '../core/errors.ts'
import type { Services } from './context.ts'

/**
 * The row `sql` (one `?` parameter: the patient id) selects from `identity.db`, opened read-only once per process.
 * @throws MedledgerError NOT_FOUND when no row matches, or identity has no store or tables yet (nobody is registered)
 */
export function identityRow (services: Services, sql: string, patientId: string): Record<string, unknown> {
  const file = join(services.dataDir, 'identity.db')
  if (!existsSync(file)) throw makeError('no such patient', 'NOT_FOUND')
  const db = services.store('identity-read', () => new DatabaseSync(file, { readOnly: true }))
  let row: Record<string, unknown> | undefined
  try {
    row = db.prepare(sql).get(patientId)
  } catch (err) {
    if (err instanceof Error && /no such table/.test(err.message)) throw makeError('no such patient', 'NOT_FOUND')
    throw err
  }
  if (row === undefined) throw makeError('no such patient', 'NOT_FOUND')
  return row
}

/**
 * The registered hospitals that have coordinates, read from `identity.db` (none when identity has no store yet).
 * @throws Error from node:sqlite for an unreadable file
 */
export function hospitalsWithCoordinates (services: Services): Array<{ id: string, name: string, latitude: number, longitude: number }> {
  const file = join(services.dataDir, 'identity.db')
  if (!existsSync(file)) return []
  const db = services.store('identity-read', () => new DatabaseSync(file, { readOnly: true }))
  return db.prepare('SELECT id, name, latitude, longitude FROM organizations WHERE latitude IS NOT NULL AND longitude IS NOT NULL').all()
    .map((r) => ({ id: r.id as string, name: r.name as string, latitude: r.latitude as number, longitude: r.longitude as number }))
}
