/**
 * The consent model: a patient's {@link Grant} is a tree of FHIR R4 Consent provisions
 * (https://hl7.org/fhir/R4/consent.html#provision), evaluated by `decide` (decide.ts). Pure data: times are
 * ms since epoch, no clock is read here.
 */

/** Purpose-of-use codes (HL7 v3 ActReason, https://terminology.hl7.org/CodeSystem-v3-ActReason.html). */
export const PURPOSES_OF_USE = ['TREAT', 'ETREAT', 'HRESEARCH', 'HPAYMT', 'HOPERAT', 'PATRQT', 'PUBHLTH'] as const
export type PurposeOfUse = typeof PURPOSES_OF_USE[number]

/** Actions a provision covers (FHIR consentaction codes); a record read is `access`. */
export const CONSENT_ACTIONS = ['access', 'correct', 'collect', 'use', 'disclose'] as const
export type ConsentAction = typeof CONSENT_ACTIONS[number]

/** Roles a grant may name (the Role enum of schema/identity.graphql). */
export const GRANTEE_ROLES = ['PATIENT', 'PRACTITIONER', 'HOSPITAL_ADMIN', 'RESEARCHER', 'INSURER', 'AUDITOR'] as const

/** Who a provision is about: a practitioner, an organization (its staff and its API keys), a role or one account. */
export type Grantee =
  | { kind: 'practitioner', id: string }
  | { kind: 'organization', id: string }
  | { kind: 'role', role: string }
  | { kind: 'account', id: string }

/** A half-open or closed interval, ms since epoch; a missing end is open. */
export interface Period {
  start?: number
  end?: number
}

/**
 * One rule of a consent (FHIR R4 `Consent.provision`). Every criterion that is set must match; an unset one
 * matches anything. Nested provisions are exceptions within their parent: they are considered only where the
 * parent matches, and the deepest matching one decides.
 */
export interface Provision {
  type: 'permit' | 'deny'
  actors?: Grantee[]
  actions?: ConsentAction[]
  purposes?: string[]
  /** When the rule is in force (FHIR `provision.period`). */
  period?: Period
  /** FHIR resource types (FHIR `provision.class` with system http://hl7.org/fhir/resource-types). */
  resourceTypes?: string[]
  /** `system|code` categories or codes of the record (FHIR `provision.code`). */
  codes?: string[]
  /** Single record ids (FHIR `provision.data` references). */
  recordIds?: string[]
  /** Records whose clinical date lies in this period (FHIR `provision.dataPeriod`). */
  dataPeriod?: Period
  provisions?: Provision[]
}

/** A patient's consent: the provision tree plus its lifecycle. */
export interface Grant {
  id: string
  patientId: string
  provision: Provision
  /** Set once revoked: a revoked grant never matches. */
  revokedAt?: number
}

/** The caller as the engine sees it (built from the gateway's viewer). */
export interface ConsentSubject {
  accountId?: string
  practitionerId?: string
  organizationIds: readonly string[]
  roles: readonly string[]
}

/** The record asked for: its metadata only, never its body. */
export interface ConsentResource {
  recordId: string
  patientId: string
  resourceType: string
  codes: readonly string[]
  /** ISO date the record is about, when it has one. */
  effective?: string
}

export interface DecideInput {
  subject: ConsentSubject
  action: ConsentAction
  resource: ConsentResource
  purpose: string
  /** ms since epoch. */
  time: number
  grants: readonly Grant[]
}

/** Why the engine decided as it did. */
export type DecisionReason = 'no-matching-grant' | 'permitted' | 'denied-by-provision'

/** The engine's answer: `grantId` names the grant whose provision decided (absent for the default deny). */
export interface ConsentDecision {
  decision: 'permit' | 'deny'
  reason: DecisionReason
  grantId?: string
}
