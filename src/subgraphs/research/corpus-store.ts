/**
 * The research corpus store (`<data folder>/research.db`, durable: `synchronous = FULL`): share requests,
 * spent signature nonces, people (the private link patient → random pseudonym, with their generalized
 * quasi-identifiers), de-identified copies, shares, sharing networks, relay handles and messages.
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
import { openMigratedDatabase, transaction } from '../../adapters/sqlite/sqlite-db.ts'
import type { Migration } from '../../adapters/sqlite/sqlite-db.ts'
import type { FhirResource } from '../../core/fhir/metadata.ts'
import type { OccupationCategory, QuasiIdentifiers } from '../../core/deid/index.ts'
import { makeError } from '../../core/errors.ts'

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

export interface NetworkRow {
  id: string
  name: string
  practitionerId: string
  condition: string
  ageBand?: string
  occupation?: OccupationCategory
  createdAt: number
}

export interface RelayMessageRow { id: string, from: string, to: string, body: string, sentAt: number }

/** What one share writes, in one transaction. */
export interface ShareWrite {
  share: ShareRow
  qi: QuasiIdentifiers
  copies: Array<{ recordId: string, resourceType: string, codes: string[], resource: FhirResource }>
}

/** The research store's migrations, oldest first (exported for the migration test). */
export const migrations: readonly Migration[] = [{
  version: 1,
  name: 'research corpus',
  sql: `
    CREATE TABLE share_requests (
      id TEXT PRIMARY KEY, patient_id TEXT NOT NULL, practitioner_id TEXT NOT NULL, record_ids TEXT NOT NULL,
      categories TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('OPEN', 'SHARED', 'DECLINED')), created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX share_requests_patient ON share_requests (patient_id, created_at);
    CREATE TABLE nonces (signer TEXT NOT NULL, nonce TEXT NOT NULL, PRIMARY KEY (signer, nonce)) STRICT;
    CREATE TABLE people (
      patient_id TEXT PRIMARY KEY, pseudonym TEXT NOT NULL UNIQUE,
      age_band TEXT NOT NULL, sex TEXT NOT NULL, region TEXT NOT NULL, occupation TEXT NOT NULL
    ) STRICT;
    CREATE TABLE copies (
      record_id TEXT PRIMARY KEY, pseudonym TEXT NOT NULL REFERENCES people (pseudonym), resource_type TEXT NOT NULL,
      codes TEXT NOT NULL, body TEXT NOT NULL, share_id TEXT NOT NULL
    ) STRICT;
    CREATE INDEX copies_pseudonym ON copies (pseudonym);
    CREATE TABLE shares (
      id TEXT PRIMARY KEY, request_id TEXT NOT NULL, patient_id TEXT NOT NULL, pseudonym TEXT NOT NULL, records INTEGER NOT NULL,
      rewarded INTEGER NOT NULL, entry_index INTEGER NOT NULL, shared_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX shares_patient ON shares (patient_id, shared_at);
    CREATE TABLE networks (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, practitioner_id TEXT NOT NULL, condition TEXT NOT NULL,
      age_band TEXT, occupation TEXT, created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE network_members (
      network_id TEXT NOT NULL REFERENCES networks (id), patient_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('INVITED', 'MEMBER')), PRIMARY KEY (network_id, patient_id)
    ) STRICT;
    CREATE TABLE relay_handles (patient_id TEXT PRIMARY KEY, handle TEXT NOT NULL UNIQUE, peer_contact INTEGER NOT NULL DEFAULT 0) STRICT;
    CREATE TABLE relay_messages (id TEXT PRIMARY KEY, from_handle TEXT NOT NULL, to_handle TEXT NOT NULL, body TEXT NOT NULL, sent_at INTEGER NOT NULL) STRICT;
    CREATE INDEX relay_to ON relay_messages (to_handle, sent_at);
    CREATE INDEX relay_from ON relay_messages (from_handle, sent_at);
  `
}, {
  version: 2,
  name: 'network aliases',
  // A member appears in a network under a random alias of that network, never their corpus pseudonym: the
  // doctor knows whom they invited, and must not be able to follow that person into the corpus.
  sql: `
    ALTER TABLE network_members ADD COLUMN alias TEXT;
    UPDATE network_members SET alias = 'n-' || lower(hex(randomblob(16))) WHERE alias IS NULL;
    CREATE UNIQUE INDEX network_members_alias ON network_members (alias);
  `
}, {
  version: 3,
  name: 'relay aliases',
  // recoveredPeers names a peer by an alias per condition, never by their handle: whoever learned a handle
  // (every correspondent does) cannot test it against the peer lists of other conditions.
  sql: `
    CREATE TABLE relay_aliases (
      alias TEXT PRIMARY KEY, handle TEXT NOT NULL REFERENCES relay_handles (handle), condition TEXT NOT NULL, UNIQUE (handle, condition)
    ) STRICT;
  `
}, {
  version: 4,
  name: 'release batches',
  // `copies` now holds released copies only (every existing row was visible already, so it stays as it is);
  // new copies and a person's new quasi-identifiers wait in the pending tables until a batch of at least k
  // people is released. A staging table rather than a flag on `copies`: a re-share of a released record must
  // leave the released version untouched until the batch, since replacing or hiding it at share time would be
  // the very signal the batches remove. Existing shares count as released at their share time.
  sql: `
    CREATE TABLE pending_copies (
      record_id TEXT PRIMARY KEY, pseudonym TEXT NOT NULL REFERENCES people (pseudonym), resource_type TEXT NOT NULL,
      codes TEXT NOT NULL, body TEXT NOT NULL, share_id TEXT NOT NULL
    ) STRICT;
    CREATE INDEX pending_copies_pseudonym ON pending_copies (pseudonym);
    CREATE TABLE pending_people (
      pseudonym TEXT PRIMARY KEY REFERENCES people (pseudonym),
      age_band TEXT NOT NULL, sex TEXT NOT NULL, region TEXT NOT NULL, occupation TEXT NOT NULL
    ) STRICT;
    ALTER TABLE shares ADD COLUMN released_at INTEGER;
    UPDATE shares SET released_at = shared_at;
  `
}]

/**
 * Opens (creating and migrating) the research store.
 * @throws Error from node:sqlite when the file cannot be opened; MedledgerError CONFLICT for a newer schema
 */
export function openCorpusStore (file: string): CorpusStore {
  return new CorpusStore(openMigratedDatabase(file, migrations, { synchronous: 'FULL' }))
}

const requestOf = (r: Record<string, unknown>): ShareRequestRow => ({
  id: r.id as string,
  patientId: r.patient_id as string,
  practitionerId: r.practitioner_id as string,
  recordIds: JSON.parse(r.record_ids as string) as string[],
  categories: JSON.parse(r.categories as string) as string[],
  status: r.status as ShareRequestStatus,
  createdAt: r.created_at as number
})
const qiOf = (r: Record<string, unknown>): QuasiIdentifiers => ({ ageBand: r.age_band as string, sex: r.sex as string, region: r.region as string, occupation: r.occupation as OccupationCategory })
const networkOf = (r: Record<string, unknown>): NetworkRow => ({
  id: r.id as string,
  name: r.name as string,
  practitionerId: r.practitioner_id as string,
  condition: r.condition as string,
  ...(r.age_band === null ? {} : { ageBand: r.age_band as string }),
  ...(r.occupation === null ? {} : { occupation: r.occupation as OccupationCategory }),
  createdAt: r.created_at as number
})
const shareOf = (r: Record<string, unknown>): ShareRow => ({
  id: r.id as string, requestId: r.request_id as string, patientId: r.patient_id as string, pseudonym: r.pseudonym as string, records: r.records as number, rewarded: r.rewarded as number, entryIndex: r.entry_index as number, sharedAt: r.shared_at as number,
  ...(r.released_at === null || r.released_at === undefined ? {} : { releasedAt: r.released_at as number })
})
const copyOf = (r: Record<string, unknown>): CopyRow => ({ pseudonym: r.pseudonym as string, qi: qiOf(r), resourceType: r.resource_type as string, codes: JSON.parse(r.codes as string) as string[], resource: JSON.parse(r.body as string) as FhirResource })
const messageOf = (r: Record<string, unknown>): RelayMessageRow => ({ id: r.id as string, from: r.from_handle as string, to: r.to_handle as string, body: r.body as string, sentAt: r.sent_at as number })

export class CorpusStore {
  private readonly db: DatabaseSync

  constructor (db: DatabaseSync) {
    this.db = db
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

  /** A patient's relay handle, made with `fresh` on first use. */
  handleOf (patientId: string, fresh: () => string): string {
    const found = this.db.prepare('SELECT handle FROM relay_handles WHERE patient_id = ?').get(patientId)?.handle as string | undefined
    if (found !== undefined) return found
    const handle = fresh()
    this.db.prepare('INSERT INTO relay_handles (patient_id, handle) VALUES (?, ?)').run(patientId, handle)
    return handle
  }

  setPeerContact (patientId: string, optIn: boolean): void {
    this.db.prepare('UPDATE relay_handles SET peer_contact = ? WHERE patient_id = ?').run(optIn ? 1 : 0, patientId)
  }

  /** Opted-in handles of the people with these pseudonyms. */
  contactableHandles (pseudonyms: readonly string[]): string[] {
    return this.db.prepare('SELECT h.handle FROM relay_handles h JOIN people p ON p.patient_id = h.patient_id WHERE h.peer_contact = 1 AND p.pseudonym IN (SELECT value FROM json_each(?)) ORDER BY h.handle')
      .all(JSON.stringify(pseudonyms)).map((r) => r.handle as string)
  }

  /** The alias of `handle` for `condition`, made with `fresh` on first use. */
  aliasOf (handle: string, condition: string, fresh: () => string): string {
    const found = this.db.prepare('SELECT alias FROM relay_aliases WHERE handle = ? AND condition = ?').get(handle, condition)?.alias as string | undefined
    if (found !== undefined) return found
    const alias = fresh()
    this.db.prepare('INSERT INTO relay_aliases (alias, handle, condition) VALUES (?, ?, ?)').run(alias, handle, condition)
    return alias
  }

  /** The handle a handle or an alias reaches, or undefined for neither. */
  ownerOf (handleOrAlias: string): string | undefined {
    return this.db.prepare('SELECT handle FROM relay_handles WHERE handle = ? UNION ALL SELECT handle FROM relay_aliases WHERE alias = ?').get(handleOrAlias, handleOrAlias)?.handle as string | undefined
  }

  /** Whether `handle` (or an alias of it) exists and opted in as a peer contact. */
  isContactable (handle: string): boolean {
    const owner = this.ownerOf(handle)
    return owner !== undefined && this.db.prepare('SELECT 1 FROM relay_handles WHERE handle = ? AND peer_contact = 1').get(owner) !== undefined
  }

  /** Whether `from` ever wrote to `to` or to one of its aliases (so `to` may reply). */
  wroteTo (from: string, to: string): boolean {
    return this.db.prepare('SELECT 1 FROM relay_messages WHERE from_handle = ? AND (to_handle = ? OR to_handle IN (SELECT alias FROM relay_aliases WHERE handle = ?)) LIMIT 1').get(from, to, to) !== undefined
  }

  /** How many messages `from` sent at or after `since` (ms). */
  sentSince (from: string, since: number): number {
    return Number(this.db.prepare('SELECT COUNT(*) AS n FROM relay_messages WHERE from_handle = ? AND sent_at >= ?').get(from, since)?.n ?? 0)
  }

  /** How many distinct handles `from` first wrote to at or after `since` (ms): conversations it opened, not replies. */
  openedSince (from: string, since: number): number {
    return Number(this.db.prepare(`SELECT COUNT(*) AS n FROM (
      SELECT m.to_handle, MIN(m.sent_at) AS first FROM relay_messages m WHERE m.from_handle = ?
        AND NOT EXISTS (SELECT 1 FROM relay_messages r WHERE r.from_handle = m.to_handle AND r.to_handle = m.from_handle AND r.sent_at <= m.sent_at)
      GROUP BY m.to_handle) WHERE first >= ?`).get(from, since)?.n ?? 0)
  }

  addMessage (m: RelayMessageRow): void {
    this.db.prepare('INSERT INTO relay_messages VALUES (?, ?, ?, ?, ?)').run(m.id, m.from, m.to, m.body, m.sentAt)
  }

  /** Messages to a handle (or its aliases) or from it, oldest first. */
  messagesOf (handle: string): RelayMessageRow[] {
    return this.db.prepare('SELECT * FROM relay_messages WHERE to_handle = ? OR from_handle = ? OR to_handle IN (SELECT alias FROM relay_aliases WHERE handle = ?) ORDER BY sent_at, rowid')
      .all(handle, handle, handle).map(messageOf)
  }

  close (): void {
    if (this.db.isOpen) this.db.close()
  }
}
