/**
 * Read-only access to the identity subgraph's store for the subgraphs that need one fact about a registered
 * patient (records: the public key; consent: the wallet address). It couples them to identity's table layout
 * on purpose and in one place; when identity grows a port for it (or a federated fetch), only this file and
 * its two callers change.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { StatementSync } from 'node:sqlite'
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
 * The verified hospitals that have coordinates, read from `identity.db` (none when identity has no store yet):
 * an unverified or suspended organization is never offered an emergency.
 * @throws Error from node:sqlite for an unreadable file
 */
export function hospitalsWithCoordinates (services: Services): Array<{ id: string, name: string, latitude: number, longitude: number }> {
  const file = join(services.dataDir, 'identity.db')
  if (!existsSync(file)) return []
  const db = services.store('identity-read', () => new DatabaseSync(file, { readOnly: true }))
  return db.prepare("SELECT id, name, latitude, longitude FROM organizations WHERE latitude IS NOT NULL AND longitude IS NOT NULL AND verification = 'VERIFIED'").all()
    .map((r) => ({ id: r.id as string, name: r.name as string, latitude: r.latitude as number, longitude: r.longitude as number }))
}

/**
 * The verification status of each `Organization/<id>` or `Practitioner/<id>` (its organization's), read from
 * `identity.db`; UNKNOWN for one that is not registered (a grant may name it before it exists).
 * @throws Error from node:sqlite for an unreadable file
 */
export function granteeVerifications (services: Services, references: readonly string[]): Array<{ reference: string, verification: 'UNVERIFIED' | 'VERIFIED' | 'SUSPENDED' | 'UNKNOWN' }> {
  const file = join(services.dataDir, 'identity.db')
  const db = existsSync(file) ? services.store('identity-read', () => new DatabaseSync(file, { readOnly: true })) : undefined
  let org: StatementSync | undefined
  let practitioner: StatementSync | undefined
  try {
    org = db?.prepare('SELECT verification FROM organizations WHERE id = ?')
    practitioner = db?.prepare('SELECT o.verification FROM practitioners p JOIN organizations o ON o.id = p.organization_id WHERE p.id = ?')
  } catch (err) {
    // identity has no tables yet: nobody is registered, so every grantee is unknown
    if (!(err instanceof Error && /no such table/.test(err.message))) throw err
  }
  return references.map((reference) => {
    const [type, id] = reference.split('/') as [string, string]
    const row = (type === 'Organization' ? org : practitioner)?.get(id)
    return { reference, verification: (row?.verification as 'UNVERIFIED' | 'VERIFIED' | 'SUSPENDED' | undefined) ?? 'UNKNOWN' }
  })
}
