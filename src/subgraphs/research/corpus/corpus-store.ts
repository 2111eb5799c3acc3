/**
 * The research store (`<data folder>/research.db`, durable: `synchronous = FULL`), split by concern over one
 * connection: this file holds the corpus — share requests, spent signature nonces, people (the private link
 * patient → random pseudonym, with their generalized quasi-identifiers), de-identified copies, shares and
 * their release; `networks` (network-store.ts) the sharing networks; `relay` (relay-store.ts) the peer
 * relay's handles, aliases and messages. The schema of all three is corpus-migrations.ts.
 *
 * The patient ↔ pseudonym and record ↔ copy links live only here and are never served: Safe Harbor's
 * re-identification code kept apart (45 CFR 164.514(c)).
 *
 * Release batches: a share's copies (and its person's new quasi-identifiers) are written as pending and reach
 * researchers only when the pending copies cover at least k distinct people, all at once. The ledger names each
 * sharer at the moment they share; were their copies visible then, a researcher diffing two snapshots of the
 * corpus would link the new pseudonym to that name whatever k is. With batches, a diff shows at least k people's
 * new copies at one instant while the ledger shows at least k sharers since the previous release. New people
 * (no released copy yet) and returning ones form separate batches of k each: the ledger tells a first-time
 * signer from a returning one, and a diff a new pseudonym from an updated one.
 */
import type { DatabaseSync } from 'node:sqlite'
import { openMigratedDatabase, transaction } from '../../../adapters/sqlite/sqlite-db.ts'
import type { FhirResource } from '../../../core/fhir/metadata.ts'
import type { OccupationCategory, QuasiIdentifiers } from '../../../core/deid/index.ts'
import { makeError } from '../../../core/errors.ts'
import { rowMapper } from '../../../adapters/sqlite/row-mapper.ts'
import { migrations } from './corpus-migrations.ts'
import { NetworkStore } from './network-store.ts'
import { RelayStore } from './relay-store.ts'

export { migrations } from './corpus-migrations.ts'

export type ShareRequestStatus = 'OPEN' | 'SHARED' | 'DECLINED'

export interface ShareRequestRow {
  id: string
  patientId: string
  practitionerId: string
  recordIds: string[]
  categories: string[]
  status: ShareRequestStatus
  createdAt: number
}

export interface ShareRow {
  id: string
  requestId: string
  patientId: string
  pseudonym: string
  records: number
  rewarded: number
  entryIndex: number
  sharedAt: number
  /** When the share's copies were released to researchers; undefined while pending. */
  releasedAt?: number
}

/** A person of the corpus: pseudonym and quasi-identifiers (the patient id stays in this store). */
export interface PersonRow { pseudonym: string, qi: QuasiIdentifiers }

/** A de-identified copy with its person. */
export interface CopyRow extends PersonRow {
  resourceType: string
  codes: string[]
  resource: FhirResource
}

/** What one share writes, in one transaction. */
export interface ShareWrite {
  share: ShareRow
  qi: QuasiIdentifiers
  copies: Array<{ recordId: string, resourceType: string, codes: string[], resource: FhirResource }>
}

/**
 * Opens (creating and migrating) the research store.
 * @throws Error from node:sqlite when the file cannot be opened; MedledgerError CONFLICT for a newer schema
 */
export function openCorpusStore (file: string): CorpusStore {
  return new CorpusStore(openMigratedDatabase(file, migrations, { synchronous: 'FULL' }))
}

const requestOf = rowMapper<ShareRequestRow>({ id: 'raw', patientId: 'raw', practitionerId: 'raw', recordIds: 'json', categories: 'json', status: 'raw', createdAt: 'raw' })
const qiOf = (r: Record<string, unknown>): QuasiIdentifiers => ({ ageBand: r.age_band as string, sex: r.sex as string, region: r.region as string, occupation: r.occupation as OccupationCategory })
const shareOf = rowMapper<ShareRow>({ id: 'raw', requestId: 'raw', patientId: 'raw', pseudonym: 'raw', records: 'raw', rewarded: 'raw', entryIndex: 'raw', sharedAt: 'raw', releasedAt: 'raw?' })
const copyOf = (r: Record<string, unknown>): CopyRow => ({ pseudonym: r.pseudonym as string, qi: qiOf(r), resourceType: r.resource_type as string, codes: JSON.parse(r.codes as string) as string[], resource: JSON.parse(r.body as string) as FhirResource })
export class CorpusStore {
  private readonly db: DatabaseSync
  /** The sharing networks and their members. */
  readonly networks: NetworkStore
  /** The peer relay: handles, per-condition aliases, messages. */
  readonly relay: RelayStore

  constructor (db: DatabaseSync) {
    this.db = db
    this.networks = new NetworkStore(db)
    this.relay = new RelayStore(db)
  }

  addRequest (row: ShareRequestRow): void {
    this.db.prepare('INSERT INTO share_requests VALUES (?, ?, ?, ?, ?, ?, ?)').run(row.id, row.patientId, row.practitionerId, JSON.stringify(row.recordIds), JSON.stringify(row.categories), row.status, row.createdAt)
  }

  request (id: string): ShareRequestRow | undefined {
    const r = this.db.prepare('SELECT * FROM share_requests WHERE id = ?').get(id)
    return r === undefined ? undefined : requestOf(r)
  }

  requestsOf (patientId: string): ShareRequestRow[] {
    return this.db.prepare('SELECT * FROM share_requests WHERE patient_id = ? ORDER BY created_at DESC, rowid DESC').all(patientId).map(requestOf)
  }

  setRequestStatus (id: string, status: ShareRequestStatus): void {
    this.db.prepare('UPDATE share_requests SET status = ? WHERE id = ?').run(status, id)
  }

  nonceSpent (signer: string, nonce: string): boolean {
    return this.db.prepare('SELECT 1 FROM nonces WHERE signer = ? AND nonce = ?').get(signer, nonce) !== undefined
  }

  /** The pseudonym of a patient who shared before. */
  pseudonymOf (patientId: string): string | undefined {
    return this.db.prepare('SELECT pseudonym FROM people WHERE patient_id = ?').get(patientId)?.pseudonym as string | undefined
  }

  /** A person's quasi-identifiers as of their latest share (pending or released: this is the person's own view). */
  person (patientId: string): PersonRow | undefined {
    const r = this.db.prepare(`SELECT p.pseudonym, COALESCE(q.age_band, p.age_band) AS age_band, COALESCE(q.sex, p.sex) AS sex, COALESCE(q.region, p.region) AS region,
      COALESCE(q.occupation, p.occupation) AS occupation FROM people p LEFT JOIN pending_people q ON q.pseudonym = p.pseudonym WHERE p.patient_id = ?`).get(patientId)
    return r === undefined ? undefined : { pseudonym: r.pseudonym as string, qi: qiOf(r) }
  }

  /**
   * Records that `signer` used `nonce`.
   * @throws MedledgerError CONFLICT when it was used already
   */
  spendNonce (signer: string, nonce: string): void {
    transaction(this.db, () => {
      if (this.nonceSpent(signer, nonce)) throw makeError('signature nonce already used', 'CONFLICT', { reason: 'REPLAYED' })
      this.db.prepare('INSERT INTO nonces VALUES (?, ?)').run(signer, nonce)
    })
  }

  /**
   * Writes a share in one transaction: the person (new people only; a known person's new quasi-identifiers wait
   * with the copies), the copies of the shared records as pending (a re-share replaces a pending copy; a
   * released one is replaced at release), the share, its request marked SHARED; then, when the pending copies
   * of new people (no released copy yet), or those of returning people, belong to at least `batch` distinct
   * people (the corpus's k), releases that group (or both) at the share's time. One transaction, so a crash never
   * leaves a share half written nor a batch half released.
   * @returns the release time when this share's copies were released, else undefined (they are pending)
   */
  writeShare (w: ShareWrite, batch: number): number | undefined {
    return transaction(this.db, () => {
      const s = w.share
      this.db.prepare('INSERT INTO people VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (patient_id) DO NOTHING')
        .run(s.patientId, s.pseudonym, w.qi.ageBand, w.qi.sex, w.qi.region, w.qi.occupation)
      this.db.prepare(`INSERT INTO pending_people VALUES (?, ?, ?, ?, ?) ON CONFLICT (pseudonym) DO UPDATE SET
        age_band = excluded.age_band, sex = excluded.sex, region = excluded.region, occupation = excluded.occupation`)
        .run(s.pseudonym, w.qi.ageBand, w.qi.sex, w.qi.region, w.qi.occupation)
      const put = this.db.prepare(`INSERT INTO pending_copies VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (record_id) DO UPDATE SET
        resource_type = excluded.resource_type, codes = excluded.codes, body = excluded.body, share_id = excluded.share_id`)
      for (const c of w.copies) put.run(c.recordId, s.pseudonym, c.resourceType, JSON.stringify(c.codes), JSON.stringify(c.resource), s.id)
      this.db.prepare('INSERT INTO shares (id, request_id, patient_id, pseudonym, records, rewarded, entry_index, shared_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(s.id, s.requestId, s.patientId, s.pseudonym, s.records, s.rewarded, s.entryIndex, s.sharedAt)
      this.setRequestStatus(s.requestId, 'SHARED')
      // New people (no released copy yet) and returning ones are released as separate groups of at least
      // `batch` each: the ledger tells a first-time signer from a returning one and a diff tells a new pseudonym
      // from an updated one, so a batch of one new person beside returning sharers would link the new pseudonym.
      const pending = this.db.prepare(`SELECT DISTINCT pseudonym, EXISTS (SELECT 1 FROM copies c WHERE c.pseudonym = pc.pseudonym) AS known
        FROM pending_copies pc`).all()
      const groups = [0, 1].map((r) => pending.filter((x) => Number(x.known) === r).map((x) => x.pseudonym as string)).filter((g) => g.length >= batch)
      if (groups.length === 0) return undefined
      this.releasePending(groups.flat(), s.sharedAt)
      // With k lowered since the last share, the other group alone may be released: this share then still waits.
      return groups.flat().includes(s.pseudonym) ? s.sharedAt : undefined
    })
  }

  /** How many distinct people have copies pending release (a count: pseudonyms are never served). */
  pendingPeople (): number {
    return Number(this.db.prepare('SELECT COUNT(DISTINCT pseudonym) AS n FROM pending_copies').get()?.n ?? 0)
  }

  /** Moves these people's pending copies and quasi-identifiers into the released corpus and stamps their pending shares. Inside writeShare's transaction. */
  private releasePending (pseudonyms: readonly string[], at: number): void {
    const these = 'pseudonym IN (SELECT value FROM json_each(?))'
    const list = JSON.stringify(pseudonyms)
    this.db.prepare(`INSERT INTO copies (record_id, pseudonym, resource_type, codes, body, share_id)
      SELECT record_id, pseudonym, resource_type, codes, body, share_id FROM pending_copies WHERE ${these} ORDER BY rowid
      ON CONFLICT (record_id) DO UPDATE SET resource_type = excluded.resource_type, codes = excluded.codes, body = excluded.body, share_id = excluded.share_id`).run(list)
    this.db.prepare(`UPDATE people SET age_band = q.age_band, sex = q.sex, region = q.region, occupation = q.occupation
      FROM pending_people q WHERE q.pseudonym = people.pseudonym AND q.${these}`).run(list)
    this.db.prepare(`UPDATE shares SET released_at = ? WHERE released_at IS NULL AND ${these}`).run(at, list)
    this.db.prepare(`DELETE FROM pending_copies WHERE ${these}`).run(list)
    this.db.prepare(`DELETE FROM pending_people WHERE ${these}`).run(list)
  }

  setRewarded (shareId: string, rewarded: number): void {
    this.db.prepare('UPDATE shares SET rewarded = ? WHERE id = ?').run(rewarded, shareId)
  }

  sharesOf (patientId: string): ShareRow[] {
    return this.db.prepare('SELECT * FROM shares WHERE patient_id = ? ORDER BY shared_at DESC, rowid DESC').all(patientId).map(shareOf)
  }

  share (id: string): ShareRow | undefined {
    const r = this.db.prepare('SELECT * FROM shares WHERE id = ?').get(id)
    return r === undefined ? undefined : shareOf(r)
  }

  /**
   * Every released copy with its person's released quasi-identifiers, in a stable order (pseudonym, then
   * insertion): what researcher-facing reads see. Pending copies never appear here.
   */
  copies (pseudonyms?: readonly string[]): CopyRow[] {
    const where = pseudonyms === undefined ? '' : 'WHERE c.pseudonym IN (SELECT value FROM json_each(?))'
    const args = pseudonyms === undefined ? [] : [JSON.stringify(pseudonyms)]
    return this.db.prepare(`SELECT c.resource_type, c.codes, c.body, p.* FROM copies c JOIN people p ON p.pseudonym = c.pseudonym ${where} ORDER BY c.pseudonym, c.rowid`).all(...args).map(copyOf)
  }

  /**
   * The latest copies of these people, pending included (a pending copy stands for the released one of the same
   * record), with their latest quasi-identifiers: for a person's own view and their networks' members, never
   * for researchers. Order: pseudonym, released before pending, then insertion.
   */
  latestCopies (pseudonyms: readonly string[]): CopyRow[] {
    return this.db.prepare(`SELECT x.resource_type, x.codes, x.body, x.pseudonym, COALESCE(q.age_band, p.age_band) AS age_band, COALESCE(q.sex, p.sex) AS sex,
      COALESCE(q.region, p.region) AS region, COALESCE(q.occupation, p.occupation) AS occupation FROM (
        SELECT pseudonym, resource_type, codes, body, 0 AS pending, rowid AS n FROM copies c WHERE NOT EXISTS (SELECT 1 FROM pending_copies pc WHERE pc.record_id = c.record_id)
        UNION ALL SELECT pseudonym, resource_type, codes, body, 1, rowid FROM pending_copies
      ) x JOIN people p ON p.pseudonym = x.pseudonym LEFT JOIN pending_people q ON q.pseudonym = x.pseudonym
      WHERE x.pseudonym IN (SELECT value FROM json_each(?)) ORDER BY x.pseudonym, x.pending, x.n`).all(JSON.stringify(pseudonyms)).map(copyOf)
  }

  /** How many released copies the corpus holds. */
  copyCount (): number {
    return Number(this.db.prepare('SELECT COUNT(*) AS n FROM copies').get()?.n ?? 0)
  }

  close (): void {
    if (this.db.isOpen) this.db.close()
  }
}
