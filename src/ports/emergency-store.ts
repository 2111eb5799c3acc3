/**
 * The emergency subgraph's durable state behind one port: contacts and thresholds, requests, signed responses,
 * the notification outbox, aid contracts, break-glass signatures, signature nonces, out-of-hospital requests,
 * webhook URLs and delivery state, and auditors' reviews. Adapters: SQLite (`emergency.db`, the embedded
 * default, subgraphs/emergency/store.ts) and PostgreSQL (adapters/postgres/emergency.ts); both pass
 * emergency-store.contract.ts. Every method is async; every invariant below holds across processes.
 */

export type EmergencyContactStatus = 'PENDING' | 'ACCEPTED' | 'DECLINED'

/** One person a patient named to confirm emergency access. */
export interface EmergencyContactRow {
  patientId: string
  /** Unique person ID of the contact (a registered patient). */
  personId: string
  status: EmergencyContactStatus
  /** When the contact was named, ms since epoch. */
  since: number
}

/** A patient's emergency settings: contacts in the order named, and M of the M-of-N confirmation. */
export interface EmergencySettings {
  threshold: number
  contacts: EmergencyContactRow[]
}

/** M when a patient has not set one (docs/emergency.md). */
export const DEFAULT_THRESHOLD = 2

export interface SetContactsOptions {
  /** Status of contacts not already named (default PENDING; demo data may start them ACCEPTED). */
  status?: EmergencyContactStatus
}

export type EmergencyRequestStatus = 'OPEN' | 'CONTRACTED' | 'CLOSED'

/** A doctor's emergency request. */
export interface EmergencyRequestRow { id: string, patientId: string, practitionerId: string, requester: string, reason: string, status: EmergencyRequestStatus, openedAt: number }
/** One contact's signed answer. */
export interface EmergencyResponseRow { requestId: string, contactId: string, decision: 'CONFIRM' | 'DENY', typedData: string, signature: string, time: number }
/** An aid contract (its grant lives in the consent store). */
export interface AidContractRow { id: string, requestId: string, patientId: string, grantId: string, practitionerId: string, start: number, end: number, closedAt?: number, entryIndex: number, resourceTypes: string[], breakGlass: boolean }
/** One practitioner's break-glass signature. */
export interface BreakGlassRow { requestId: string, practitionerId: string, typedData: string, signature: string, signer: string, time: number }

/** What a notification says: a request to confirm, or that the glass was broken (contract formed without contacts). */
export type NotificationKind = 'REQUEST' | 'BREAK_GLASS'

/**
 * One queued notification to a person: a contact (REQUEST, BREAK_GLASS) or the patient themself (BREAK_GLASS);
 * `contactId` is the recipient's person ID.
 */
export interface NotificationRow { id: string, requestId: string, contactId: string, time: number, webhookUrl?: string, kind?: NotificationKind, contractId?: string }

/** A candidate hospital of a field request. */
export interface FieldCandidate { organizationId: string, name: string, distanceMeters: number, ring: number }

/** An out-of-hospital emergency request. */
export interface FieldRequestRow {
  id: string
  patientId: string
  /** Account that opened it (it follows the status). */
  requester: string
  reason: string
  latitude: number
  longitude: number
  openedAt: number
  candidates: FieldCandidate[]
  accepted?: { organizationId: string, practitionerId: string, time: number }
}

/** One webhook delivery still to make. */
export interface PendingWebhook { notificationId: string, requestId: string, contactId: string, url: string, attempts: number, time: number, kind: 'REQUEST' | 'BREAK_GLASS', contractId?: string }

export type BreakGlassOutcome = 'JUSTIFIED' | 'UNJUSTIFIED'

export interface BreakGlassReviewRow { contractId: string, reviewer: string, outcome: BreakGlassOutcome, note: string, time: number, entryIndex: number }

/** Requests, responses, the outbox, contracts, break-glass signatures and nonces. */
export interface AidState {
  /** Stores a request and its outbox rows, in one transaction. */
  openRequest(row: EmergencyRequestRow, notifications: readonly NotificationRow[]): Promise<void>
  /** Requests opened after `since` (ms) for a patient or by a practitioner, newest first. */
  recentRequests(by: { patientId: string } | { practitionerId: string }, since: number): Promise<EmergencyRequestRow[]>
  /** A request by id. */
  request(id: string): Promise<EmergencyRequestRow | undefined>
  /**
   * Spends `nonce` of `signer` and stores a response, in one transaction.
   * @throws MedledgerError CONFLICT (reason REPLAYED) for a used nonce, (ALREADY_DONE) when this contact
   *   answered already — nothing stored either way
   */
  addResponse(row: EmergencyResponseRow, signer: string, nonce: string): Promise<void>
  /** The responses to a request, oldest first. */
  responses(requestId: string): Promise<EmergencyResponseRow[]>
  /**
   * Spends a signature nonce on its own: single-use across every process.
   * @throws MedledgerError CONFLICT (reason REPLAYED) when used before
   */
  spend(signer: string, nonce: string): Promise<void>
  /** Stores a formed contract, marks its request CONTRACTED and queues `notifications`, in one transaction. */
  addContract(row: AidContractRow, notifications?: readonly NotificationRow[]): Promise<void>
  /** Marks a contract and its request closed. */
  closeContract(id: string, time: number): Promise<void>
  /** A contract by id or by request id. */
  contract(by: { id?: string, requestId?: string }): Promise<AidContractRow | undefined>
  /** A patient's contracts, newest first. */
  contractsOf(patientId: string): Promise<AidContractRow[]>
  /**
   * Spends a nonce and stores one practitioner's break-glass signature, in one transaction.
   * @throws MedledgerError CONFLICT for a used nonce (REPLAYED) or a practitioner who signed already (ALREADY_DONE)
   */
  addBreakGlass(row: BreakGlassRow, nonce: string): Promise<void>
  /** The break-glass signatures of a request, oldest first. */
  breakGlass(requestId: string): Promise<BreakGlassRow[]>
  /** A person's notifications, oldest first. */
  inbox(contactId: string): Promise<NotificationRow[]>
}

/** Out-of-hospital requests. */
export interface FieldState {
  /** Stores a new request. */
  open(row: FieldRequestRow): Promise<void>
  /** Requests opened after `since` (ms) for a patient or by a requester, newest first. */
  recent(by: { patientId: string } | { requester: string }, since: number): Promise<FieldRequestRow[]>
  /** A request by id. */
  get(id: string): Promise<FieldRequestRow | undefined>
  /**
   * Records the first acceptance (compare-and-set: only while nobody accepted).
   * @throws MedledgerError CONFLICT when another hospital accepted first
   */
  accept(id: string, organizationId: string, practitionerId: string, time: number): Promise<void>
  /** Undoes an acceptance whose contract could not be formed. */
  unaccept(id: string): Promise<void>
}

/** Webhook URLs and the delivery state of outbox rows. */
export interface WebhookState {
  /** Sets (or, with null, clears) a person's webhook URL. */
  setUrl(personId: string, url: string | null): Promise<void>
  /** The webhook URL of each person that has one. */
  urlsOf(personIds: readonly string[]): Promise<Map<string, string>>
  /** Undelivered webhooks due at `now`, oldest first. */
  due(now: number, limit?: number): Promise<PendingWebhook[]>
  /** Marks a webhook delivered. */
  delivered(notificationId: string, time: number): Promise<void>
  /** Records a failed attempt and when to try again. */
  failed(notificationId: string, nextAttemptAt: number): Promise<void>
}

/** Auditors' reviews of break-glass contracts. */
export interface ReviewState {
  /** Break-glass contracts with (`reviewed`) or without a review, oldest first, at most `limit`. */
  queue(reviewed: boolean, limit: number): Promise<AidContractRow[]>
  /** The review of a contract, if any. */
  review(contractId: string): Promise<BreakGlassReviewRow | undefined>
  /** @throws MedledgerError CONFLICT (ALREADY_DONE) when the contract has a review already */
  add(row: BreakGlassReviewRow): Promise<void>
}

/** The emergency subgraph's store. */
export interface EmergencyStore {
  /**
   * Replaces a patient's contact list and threshold in one transaction. Contacts already named keep their
   * status and `since`; new ones start with `options.status` (default PENDING).
   * @throws TypeError for a non-string id; RangeError for a duplicate contact, the patient naming themself,
   *   a threshold that is not an integer ≥ 1, or one above the number of contacts (when there are any)
   */
  setContacts(patientId: string, contactIds: string[], threshold?: number, options?: SetContactsOptions): Promise<void>
  /** The settings of each patient (a default for one that has none), in one query. */
  contactsOf(patientIds: readonly string[]): Promise<Map<string, EmergencySettings>>
  /**
   * The contact `personId` accepts or declines being a contact of `patientId`.
   * @throws MedledgerError NOT_FOUND when the patient did not name this person
   */
  answerRole(patientId: string, personId: string, status: 'ACCEPTED' | 'DECLINED'): Promise<EmergencyContactRow>
  readonly aid: AidState
  readonly field: FieldState
  readonly webhooks: WebhookState
  readonly reviews: ReviewState
  /** Releases what the adapter holds (never a pool shared with other stores). */
  close(): Promise<void>
}

/**
 * Checks `setContacts` arguments the same way in every adapter.
 * @throws TypeError, RangeError as {@link EmergencyStore.setContacts} says
 */
export function checkContacts (patientId: string, contactIds: string[], threshold: number): void {
  if (typeof patientId !== 'string' || !Array.isArray(contactIds) || !contactIds.every((c) => typeof c === 'string')) {
    throw new TypeError('setContacts takes a patient id and an array of person ids')
  }
  if (new Set(contactIds).size !== contactIds.length) throw new RangeError('emergency contacts must be distinct people')
  if (contactIds.includes(patientId)) throw new RangeError('a patient cannot be their own emergency contact')
  if (!Number.isSafeInteger(threshold) || threshold < 1) throw new RangeError('threshold must be an integer ≥ 1')
  if (contactIds.length > 0 && threshold > contactIds.length) throw new RangeError('threshold exceeds the number of contacts')
}
