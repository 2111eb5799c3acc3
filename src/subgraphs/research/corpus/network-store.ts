/** The sharing networks of the research store: networks a doctor makes and the patients they invite. */
import type { DatabaseSync } from 'node:sqlite'
import { rowMapper } from '../../../adapters/sqlite/row-mapper.ts'
import type { OccupationCategory } from '../../../core/deid/index.ts'

export interface NetworkRow {
  id: string
  name: string
  practitionerId: string
  condition: string
  ageBand?: string
  occupation?: OccupationCategory
  createdAt: number
}

const networkOf = rowMapper<NetworkRow>({ id: 'raw', name: 'raw', practitionerId: 'raw', condition: 'raw', ageBand: 'raw?', occupation: 'raw?', createdAt: 'raw' })

/** The `networks` and `network_members` tables of research.db (schema: corpus-migrations.ts). */
export class NetworkStore {
  private readonly db: DatabaseSync

  constructor (db: DatabaseSync) {
    this.db = db
  }

  addNetwork (row: NetworkRow): void {
    this.db.prepare('INSERT INTO networks VALUES (?, ?, ?, ?, ?, ?, ?)').run(row.id, row.name, row.practitionerId, row.condition, row.ageBand ?? null, row.occupation ?? null, row.createdAt)
  }

  network (id: string): NetworkRow | undefined {
    const r = this.db.prepare('SELECT * FROM networks WHERE id = ?').get(id)
    return r === undefined ? undefined : networkOf(r)
  }

  /** Networks a doctor made, oldest first. */
  networksOf (practitionerId: string): NetworkRow[] {
    return this.db.prepare('SELECT * FROM networks WHERE practitioner_id = ? ORDER BY created_at, rowid').all(practitionerId).map(networkOf)
  }

  /** Networks a patient was invited to or joined, with their membership. */
  networksOfPatient (patientId: string): Array<NetworkRow & { membership: 'INVITED' | 'MEMBER' }> {
    return this.db.prepare('SELECT n.*, m.status FROM networks n JOIN network_members m ON m.network_id = n.id WHERE m.patient_id = ? ORDER BY n.created_at, n.rowid').all(patientId)
      .map((r) => ({ ...networkOf(r), membership: r.status as 'INVITED' | 'MEMBER' }))
  }

  membership (networkId: string, patientId: string): 'INVITED' | 'MEMBER' | undefined {
    return this.db.prepare('SELECT status FROM network_members WHERE network_id = ? AND patient_id = ?').get(networkId, patientId)?.status as 'INVITED' | 'MEMBER' | undefined
  }

  /** Invites (keeps a member a member) under `alias`, the person's random name in this network only. */
  invite (networkId: string, patientId: string, alias: string): void {
    this.db.prepare("INSERT INTO network_members (network_id, patient_id, status, alias) VALUES (?, ?, 'INVITED', ?) ON CONFLICT DO NOTHING").run(networkId, patientId, alias)
  }

  setMembership (networkId: string, patientId: string, status: 'INVITED' | 'MEMBER'): void {
    this.db.prepare('UPDATE network_members SET status = ? WHERE network_id = ? AND patient_id = ?').run(status, networkId, patientId)
  }

  /** The corpus pseudonyms of a network's members (MEMBER only) who shared, each with their alias in the network. */
  memberPseudonyms (networkId: string): Map<string, string> {
    return new Map(this.db.prepare("SELECT p.pseudonym, m.alias FROM network_members m JOIN people p ON p.patient_id = m.patient_id WHERE m.network_id = ? AND m.status = 'MEMBER' ORDER BY m.alias").all(networkId)
      .map((r) => [r.pseudonym as string, r.alias as string]))
  }
}
