/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant, ISO 8601 in UTC. */
  DateTime: { input: string; output: string; }
  /** Any JSON value (a FHIR resource, EIP-712 typed data). */
  JSON: { input: unknown; output: unknown; }
  join__DirectiveArguments: { input: any; output: any; }
  join__FieldSet: { input: any; output: any; }
  link__Import: { input: any; output: any; }
};

export type AccessDecision =
  | 'DENY'
  | 'PERMIT';

/** One audited attempt by someone else to read a patient's records. */
export type AccessLogEntry = {
  __typename?: 'AccessLogEntry';
  actor: Scalars['String']['output'];
  decision: AccessDecision;
  /** Position of the AccessLogged entry in the ledger. */
  entryIndex: Scalars['Int']['output'];
  /** The grant that decided (absent for a default deny). */
  grant?: Maybe<Scalars['ID']['output']>;
  /** Inclusion proof in the first block that covers the entry; null until the entry is sealed (about a second). */
  proof?: Maybe<AccessLogProof>;
  purpose: Scalars['String']['output'];
  recordIds: Array<Scalars['ID']['output']>;
  time: Scalars['DateTime']['output'];
};

/** Where an AccessLogged entry sits in a sealed block: check it offline with RFC 9162 inclusion verification. */
export type AccessLogProof = {
  __typename?: 'AccessLogProof';
  blockHeight: Scalars['Int']['output'];
  /** The AccessLogged ledger entry exactly as hashed into the leaf (canonical JSON, times in ms since the epoch). */
  entry: Scalars['String']['output'];
  /** RFC 9162 leaf hash of the entry (hex): SHA-256(0x00 ‖ UTF-8 bytes of `entry`). See docs/verify.md. */
  leafHash: Scalars['String']['output'];
  /** Sibling hashes from the leaf up to the root (hex). */
  path: Array<Scalars['String']['output']>;
  root: Scalars['String']['output'];
  treeSize: Scalars['Int']['output'];
};

/** A wallet that has signed in. The wallet's key is the identity; medledger never holds it. */
export type Account = {
  __typename?: 'Account';
  /** EIP-55 checksummed Ethereum address of the wallet. */
  address: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** Set when this account is a registered patient: the person's unique ID. */
  patient?: Maybe<Patient>;
  /** Set when this account is a registered practitioner. */
  practitioner?: Maybe<Practitioner>;
  roles: Array<Role>;
};

/**
 * Time-boxed ETREAT access of one practitioner to a patient's emergency categories, formed when M distinct
 * contacts confirmed; kept in the ledger (AidContractFormed, with the request and every signature) and enforced
 * as a consent grant (`grantId`), so every read under it appears in the patient's access log with that grant.
 */
export type AidContract = {
  __typename?: 'AidContract';
  /** Formed by break-glass (two practitioners of the requesting hospital signed, no contacts): flagged for review. */
  breakGlass: Scalars['Boolean']['output'];
  closedAt?: Maybe<Scalars['DateTime']['output']>;
  end: Scalars['DateTime']['output'];
  /** Position of the AidContractFormed entry in the ledger. */
  entryIndex: Scalars['Int']['output'];
  grantId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  patient: Patient;
  practitionerId: Scalars['ID']['output'];
  requestId: Scalars['ID']['output'];
  resourceTypes: Array<Scalars['String']['output']>;
  /** An auditor's review of a break-glass contract; null until reviewed (and for contracts formed by contacts). */
  review?: Maybe<BreakGlassReview>;
  start: Scalars['DateTime']['output'];
};

/** An active allergy that rules out a drug class, or that a current medication conflicts with. */
export type AllergyConflict = {
  __typename?: 'AllergyConflict';
  allergy: AllergyRecord;
  conflictingMedications: Array<MedicationRecord>;
  drugClass?: Maybe<DrugClass>;
};

export type AllergyReaction = {
  __typename?: 'AllergyReaction';
  description?: Maybe<Scalars['String']['output']>;
  manifestations: Array<ClinicalCode>;
  /** mild | moderate | severe */
  severity?: Maybe<Scalars['String']['output']>;
  substance?: Maybe<ClinicalCode>;
};

/** An allergy or intolerance: a contraindication. */
export type AllergyRecord = ClinicalRecord & {
  __typename?: 'AllergyRecord';
  /** food | medication | environment | biologic */
  categories: Array<Scalars['String']['output']>;
  clinicalStatus?: Maybe<Scalars['String']['output']>;
  code?: Maybe<ClinicalCode>;
  codes: Array<ClinicalCode>;
  /** low | high | unable-to-assess */
  criticality?: Maybe<Scalars['String']['output']>;
  date?: Maybe<Scalars['String']['output']>;
  fhir: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  onset?: Maybe<Scalars['String']['output']>;
  reactions: Array<AllergyReaction>;
  record: HealthRecord;
  recordedDate?: Maybe<Scalars['String']['output']>;
  resourceType: Scalars['String']['output'];
  status?: Maybe<Scalars['String']['output']>;
  /** allergy | intolerance */
  type?: Maybe<Scalars['String']['output']>;
  verificationStatus?: Maybe<Scalars['String']['output']>;
  version: Scalars['Int']['output'];
};

/** Where a record version sits in the ledger, with what is needed to check it offline. */
export type Anchor = {
  __typename?: 'Anchor';
  anchoredAt: Scalars['DateTime']['output'];
  /** The signed block whose root covers the entry; null for the moment until the next block is sealed. */
  block?: Maybe<LedgerBlock>;
  /** CID of the encrypted body in IPFS. */
  cid: Scalars['String']['output'];
  /**
   * The RecordAnchored ledger entry exactly as hashed into the leaf: canonical JSON (keys sorted, no spaces,
   * times in ms since the epoch) naming `recordId`, `version`, `cid`, `actor` and `time`. Check that its `cid`
   * is this record's CID and that it hashes to `leafHash` (docs/verify.md).
   */
  entry: Scalars['String']['output'];
  /** Position of the RecordAnchored entry. */
  entryIndex: Scalars['Int']['output'];
  /** Sibling hashes from the leaf up to the block's root (RFC 9162 inclusion proof, hex); null until sealed. */
  inclusionProof?: Maybe<Array<Scalars['String']['output']>>;
  /** RFC 9162 leaf hash of the entry (hex): SHA-256(0x00 ‖ UTF-8 bytes of `entry`). See docs/verify.md. */
  leafHash: Scalars['String']['output'];
};

export type ApiKey = {
  __typename?: 'ApiKey';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  organization: Organization;
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  scopes: Array<ApiScope>;
};

export type ApiKeyCreated = {
  __typename?: 'ApiKeyCreated';
  apiKey: ApiKey;
  /** The secret, shown once: send it as `Authorization: ApiKey <secret>`. */
  secret: Scalars['String']['output'];
};

/** Scopes of a hospital's API key for service work (imports, integrations). */
export type ApiScope =
  | 'IMPORT'
  | 'RECORDS_READ'
  | 'RECORDS_WRITE';

/**
 * A patient's basic information, stored as a FHIR Patient record (encrypted to the patient's key, versioned).
 * The patient sees every field. Another reader needs a consent grant covering the Patient record for
 * `purpose`, and then sees only the fields of that purpose — TREAT: identifiers, name, sex, birth date,
 * ethnicity; ETREAT: identifiers, name, sex, birth date; HPAYMT: identifiers, name, birth date, address;
 * HRESEARCH and PUBHLTH: sex, ethnicity; other purposes: none. Native place is the patient's alone. A field
 * the reader may not see answers FORBIDDEN (and null).
 */
export type BasicInfo = {
  __typename?: 'BasicInfo';
  address?: Maybe<PostalAddress>;
  birthDate?: Maybe<Scalars['String']['output']>;
  ethnicity?: Maybe<ClinicalCode>;
  identifiers?: Maybe<Array<PatientIdentifier>>;
  name?: Maybe<PersonName>;
  nativePlace?: Maybe<PostalAddress>;
  /** The Patient record holding it. */
  recordId: Scalars['ID']['output'];
  /** FHIR administrative gender: male | female | other | unknown. */
  sex?: Maybe<Scalars['String']['output']>;
  version: Scalars['Int']['output'];
  /** The fields this reader may see. */
  visibleFields: Array<BasicInfoField>;
};

/** The fields of basic information (see BasicInfo for who sees which). */
export type BasicInfoField =
  | 'ADDRESS'
  | 'BIRTH_DATE'
  | 'ETHNICITY'
  | 'IDENTIFIERS'
  | 'NAME'
  | 'NATIVE_PLACE'
  | 'SEX';

/** Fields left out keep their value; a field set to null is removed. */
export type BasicInfoInput = {
  address?: InputMaybe<PostalAddressInput>;
  /** YYYY, YYYY-MM or YYYY-MM-DD */
  birthDate?: InputMaybe<Scalars['String']['input']>;
  ethnicity?: InputMaybe<Scalars['String']['input']>;
  identifiers?: InputMaybe<Array<PatientIdentifierInput>>;
  name?: InputMaybe<PersonNameInput>;
  nativePlace?: InputMaybe<PostalAddressInput>;
  /** male | female | other | unknown */
  sex?: InputMaybe<Scalars['String']['input']>;
};

/** A hospital's bill for an encounter: a FHIR Claim paid by coverage rules. */
export type Bill = {
  __typename?: 'Bill';
  /** The FHIR R4 Claim. */
  claim: Scalars['JSON']['output'];
  encounterRecordId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  insurer?: Maybe<Scalars['String']['output']>;
  /** Share of the insurer (by the patient's enrolled plan), and of the patient. */
  insurerShare: Scalars['Int']['output'];
  organizationId: Scalars['ID']['output'];
  patientId: Scalars['ID']['output'];
  patientShare: Scalars['Int']['output'];
  status: BillStatus;
  total: Scalars['Int']['output'];
};

export type BillItemInput = {
  amount: Scalars['Int']['input'];
  /** A code of the service (e.g. SNOMED CT or CPT as it arrives). */
  code: Scalars['String']['input'];
  display?: InputMaybe<Scalars['String']['input']>;
};

export type BillStatus =
  /** Not enough tokens in the patient's or the insurer's account: retry with payBill. */
  | 'OPEN_INSUFFICIENT_FUNDS'
  | 'PAID';

export type BreakGlassOutcome =
  | 'JUSTIFIED'
  | 'UNJUSTIFIED';

/** An auditor's decision on a break-glass contract, also a BreakGlassReviewed ledger entry (the note as a hash). */
export type BreakGlassReview = {
  __typename?: 'BreakGlassReview';
  /** Position of the BreakGlassReviewed entry in the ledger. */
  entryIndex: Scalars['Int']['output'];
  note: Scalars['String']['output'];
  outcome: BreakGlassOutcome;
  /** The reviewer as the ledger names actors (`account:<id>`). */
  reviewer: Scalars['String']['output'];
  time: Scalars['DateTime']['output'];
};

export type CampaignStatus =
  /** Goal met by the deadline: funding contract anchored, escrow released to the team. */
  | 'FUNDED'
  /** Taking donations until the deadline. */
  | 'OPEN'
  /** Deadline passed below the goal: every donor refunded exactly. */
  | 'REFUNDED';

export type CarePlanActivity = {
  __typename?: 'CarePlanActivity';
  code?: Maybe<ClinicalCode>;
  description?: Maybe<Scalars['String']['output']>;
  scheduled?: Maybe<ClinicalPeriod>;
  status?: Maybe<Scalars['String']['output']>;
};

/** A treatment course or recovery plan. */
export type CarePlanRecord = ClinicalRecord & {
  __typename?: 'CarePlanRecord';
  activities: Array<CarePlanActivity>;
  /** The conditions it addresses. */
  addresses: Array<Scalars['String']['output']>;
  categories: Array<ClinicalCode>;
  code?: Maybe<ClinicalCode>;
  codes: Array<ClinicalCode>;
  date?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  fhir: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  intent?: Maybe<Scalars['String']['output']>;
  period?: Maybe<ClinicalPeriod>;
  record: HealthRecord;
  resourceType: Scalars['String']['output'];
  status?: Maybe<Scalars['String']['output']>;
  title?: Maybe<Scalars['String']['output']>;
  version: Scalars['Int']['output'];
};

export type CheckStatus =
  | 'FLAGGED'
  | 'OK'
  /** An input is missing (no price, no standard price, no dispense quantity, other currency). */
  | 'UNKNOWN';

/** A coded value with its display text (a FHIR Coding; `display` falls back to the concept's text). */
export type ClinicalCode = {
  __typename?: 'ClinicalCode';
  code?: Maybe<Scalars['String']['output']>;
  display?: Maybe<Scalars['String']['output']>;
  system?: Maybe<Scalars['String']['output']>;
};

/** Families of records with a typed view (MEDICATION covers MedicationRequest and MedicationStatement). */
export type ClinicalKind =
  | 'ALLERGY'
  | 'CARE_PLAN'
  | 'CONDITION'
  | 'DIAGNOSTIC_REPORT'
  | 'ENCOUNTER'
  | 'IMMUNIZATION'
  | 'MEDICATION'
  | 'OBSERVATION'
  | 'PROCEDURE'
  | 'QUESTIONNAIRE_RESPONSE';

/** A time span as written in the record (ISO 8601); either end may be open. */
export type ClinicalPeriod = {
  __typename?: 'ClinicalPeriod';
  end?: Maybe<Scalars['String']['output']>;
  start?: Maybe<Scalars['String']['output']>;
};

/** A value with its unit (FHIR Quantity). */
export type ClinicalQuantity = {
  __typename?: 'ClinicalQuantity';
  code?: Maybe<Scalars['String']['output']>;
  system?: Maybe<Scalars['String']['output']>;
  unit?: Maybe<Scalars['String']['output']>;
  value: Scalars['Float']['output'];
};

/**
 * The typed view of one record version: what a frontend shows, read from the decrypted FHIR resource. Every
 * implementation adds the fields of its resource type; `fhir` is the raw resource, `record` the version itself.
 */
export type ClinicalRecord = {
  /** The main code (first coding of code, vaccineCode, medicationCodeableConcept, type, …). */
  code?: Maybe<ClinicalCode>;
  codes: Array<ClinicalCode>;
  /** The clinically relevant date (what the index calls effective). */
  date?: Maybe<Scalars['String']['output']>;
  fhir: Scalars['JSON']['output'];
  /** The record id (shared by every version). */
  id: Scalars['ID']['output'];
  record: HealthRecord;
  resourceType: Scalars['String']['output'];
  status?: Maybe<Scalars['String']['output']>;
  version: Scalars['Int']['output'];
};

/** A patient's state at one moment: active conditions, current medication, latest results, open encounters. */
export type ClinicalSnapshot = {
  __typename?: 'ClinicalSnapshot';
  activeConditions: Array<ConditionRecord>;
  allergies: Array<AllergyRecord>;
  at: Scalars['DateTime']['output'];
  currentMedications: Array<MedicationRecord>;
  /** The latest result of each observation code at or before `at`. */
  latestObservations: Array<ObservationRecord>;
  openEncounters: Array<EncounterRecord>;
};

/** A k-anonymous cohort as NDJSON: one line per record {pseudonym, ageBand, sex, region, occupation, resource}. */
export type CohortExport = {
  __typename?: 'CohortExport';
  k: Scalars['Int']['output'];
  ndjson: Scalars['String']['output'];
  people: Scalars['Int']['output'];
  records: Scalars['Int']['output'];
  withheld: Scalars['Boolean']['output'];
};

export type ConditionOutcome = {
  __typename?: 'ConditionOutcome';
  condition: Scalars['String']['output'];
  k: Scalars['Int']['output'];
  overall: OutcomeCounts;
  /** Treatments at least k of the people with the condition had (rarer ones are not named). */
  treatments: Array<TreatmentOutcome>;
};

export type ConditionRecord = ClinicalRecord & {
  __typename?: 'ConditionRecord';
  abatement?: Maybe<Scalars['String']['output']>;
  bodySites: Array<ClinicalCode>;
  categories: Array<ClinicalCode>;
  /** active | recurrence | relapse | inactive | remission | resolved */
  clinicalStatus?: Maybe<Scalars['String']['output']>;
  code?: Maybe<ClinicalCode>;
  codes: Array<ClinicalCode>;
  date?: Maybe<Scalars['String']['output']>;
  fhir: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  onset?: Maybe<Scalars['String']['output']>;
  record: HealthRecord;
  recordedDate?: Maybe<Scalars['String']['output']>;
  resourceType: Scalars['String']['output'];
  severity?: Maybe<ClinicalCode>;
  status?: Maybe<Scalars['String']['output']>;
  verificationStatus?: Maybe<Scalars['String']['output']>;
  version: Scalars['Int']['output'];
};

/** Proof that the tree of `fromSize` entries is a prefix of the tree of `toSize` (RFC 9162 §2.1.4). */
export type ConsistencyProof = {
  __typename?: 'ConsistencyProof';
  fromRoot: Scalars['String']['output'];
  fromSize: Scalars['Int']['output'];
  path: Array<Scalars['String']['output']>;
  toRoot: Scalars['String']['output'];
  toSize: Scalars['Int']['output'];
};

export type ContraindicationSeverity =
  /** Do not give. */
  | 'ABSOLUTE'
  /** Give only with caution. */
  | 'RELATIVE';

/** What the treating doctor must not miss, from one query. */
export type Contraindications = {
  __typename?: 'Contraindications';
  /** Active allergies and intolerances, high criticality first. */
  allergies: Array<AllergyRecord>;
  allergyConflicts: Array<AllergyConflict>;
  currentMedications: Array<MedicationRecord>;
  drugContraindications: Array<DrugContraindication>;
  interactions: Array<DrugInteraction>;
};

/** One cell of an aggregate: distinct people, null when fewer than k (suppressed). */
export type CorpusCell = {
  __typename?: 'CorpusCell';
  ageBand?: Maybe<Scalars['String']['output']>;
  count?: Maybe<Scalars['Int']['output']>;
  occupation?: Maybe<OccupationCategory>;
  region?: Maybe<Scalars['String']['output']>;
  sex?: Maybe<Scalars['String']['output']>;
};

/** Which part of the corpus to look at: people matching every given criterion (codes as system|code or a bare code). */
export type CorpusFilter = {
  ageBand?: InputMaybe<Scalars['String']['input']>;
  /** People with a shared Condition of this code. */
  condition?: InputMaybe<Scalars['String']['input']>;
  occupation?: InputMaybe<OccupationCategory>;
  region?: InputMaybe<Scalars['String']['input']>;
  /** Only copies of these resource types (all by default). */
  resourceTypes?: InputMaybe<Array<Scalars['String']['input']>>;
  sex?: InputMaybe<Scalars['String']['input']>;
  /** People with a shared MedicationRequest/MedicationStatement/MedicationAdministration/Procedure of this code. */
  treatment?: InputMaybe<Scalars['String']['input']>;
};

export type CorpusPage = {
  __typename?: 'CorpusPage';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  k: Scalars['Int']['output'];
  records: Array<CorpusRecord>;
  /** True when some equivalence class of the selection has fewer than k people and was withheld. */
  withheld: Scalars['Boolean']['output'];
};

/** A de-identified record of the corpus with its person's generalized quasi-identifiers. */
export type CorpusRecord = {
  __typename?: 'CorpusRecord';
  ageBand: Scalars['String']['output'];
  /** system|code of the copy's codes. */
  codes: Array<Scalars['String']['output']>;
  occupation: OccupationCategory;
  pseudonym: Scalars['String']['output'];
  region: Scalars['String']['output'];
  /** The de-identified FHIR resource (dates reduced to the year, subject Patient/<pseudonym>). */
  resource: Scalars['JSON']['output'];
  resourceType: Scalars['String']['output'];
  sex: Scalars['String']['output'];
};

export type DiagnosticReportRecord = ClinicalRecord & {
  __typename?: 'DiagnosticReportRecord';
  categories: Array<ClinicalCode>;
  code?: Maybe<ClinicalCode>;
  codes: Array<ClinicalCode>;
  conclusion?: Maybe<Scalars['String']['output']>;
  conclusionCodes: Array<ClinicalCode>;
  date?: Maybe<Scalars['String']['output']>;
  effective?: Maybe<Scalars['String']['output']>;
  fhir: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  issued?: Maybe<Scalars['String']['output']>;
  record: HealthRecord;
  resourceType: Scalars['String']['output'];
  /** References (or display texts) of the result observations. */
  results: Array<Scalars['String']['output']>;
  status?: Maybe<Scalars['String']['output']>;
  version: Scalars['Int']['output'];
};

/** A doctor's ratings. Bayesian average = (5 × 3 + Σ rating) / (5 + count), a rating the mean of attitude and outcome. */
export type DoctorPerformance = {
  __typename?: 'DoctorPerformance';
  bayesianAverage: Scalars['Float']['output'];
  count: Scalars['Int']['output'];
  mean?: Maybe<Scalars['Float']['output']>;
  meanAttitude?: Maybe<Scalars['Float']['output']>;
  meanOutcome?: Maybe<Scalars['Float']['output']>;
  name?: Maybe<Scalars['String']['output']>;
  practitionerId: Scalars['ID']['output'];
  /** Least-squares slope of the monthly means (rating points per month). */
  slopePerMonth?: Maybe<Scalars['Float']['output']>;
  trend: Array<PerformancePeriod>;
};

/** A patient's rating of a finished encounter with a doctor. */
export type DoctorReview = {
  __typename?: 'DoctorReview';
  attitude: Scalars['Int']['output'];
  comment?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  encounterId: Scalars['ID']['output'];
  /** Position of the DoctorReviewed ledger entry (its hash makes the review tamper-evident). */
  entryIndex: Scalars['Int']['output'];
  organizationId: Scalars['ID']['output'];
  outcome: Scalars['Int']['output'];
  practitionerId: Scalars['ID']['output'];
};

export type Donation = {
  __typename?: 'Donation';
  amount: Scalars['Int']['output'];
  /** The donor's token account. */
  donor: Scalars['String']['output'];
  time: Scalars['DateTime']['output'];
};

/** One dosage instruction: dose × frequency per period, for a duration. */
export type Dosage = {
  __typename?: 'Dosage';
  asNeeded?: Maybe<Scalars['Boolean']['output']>;
  dose?: Maybe<ClinicalQuantity>;
  /** Course length in days (timing bounds, else the dispense's expected supply). */
  durationDays?: Maybe<Scalars['Float']['output']>;
  /** Times per `period` `periodUnit`. */
  frequency?: Maybe<Scalars['Int']['output']>;
  /** Administrations per day, when frequency and period say it. */
  perDay?: Maybe<Scalars['Float']['output']>;
  period?: Maybe<Scalars['Float']['output']>;
  /** s | min | h | d | wk | mo | a */
  periodUnit?: Maybe<Scalars['String']['output']>;
  route?: Maybe<ClinicalCode>;
  text?: Maybe<Scalars['String']['output']>;
};

/** A drug class of the shipped rule table (src/core/health/clinical/rules-data.ts). */
export type DrugClass = {
  __typename?: 'DrugClass';
  /** WHO ATC code. */
  atc: Scalars['String']['output'];
  display: Scalars['String']['output'];
  id: Scalars['ID']['output'];
};

/** A drug class to avoid because of an active condition. */
export type DrugContraindication = {
  __typename?: 'DrugContraindication';
  condition: ConditionRecord;
  /** Current medications in the class: the conflict to act on. */
  conflictingMedications: Array<MedicationRecord>;
  drugClass: DrugClass;
  note: Scalars['String']['output'];
  severity: ContraindicationSeverity;
  /** Where the rule comes from. */
  source: Scalars['String']['output'];
};

/** Two current medications that interact. */
export type DrugInteraction = {
  __typename?: 'DrugInteraction';
  medications: Array<MedicationRecord>;
  note: Scalars['String']['output'];
  severity: InteractionSeverity;
  source: Scalars['String']['output'];
};

/** A registered person the patient named to confirm emergency access. */
export type EmergencyContact = {
  __typename?: 'EmergencyContact';
  person: Patient;
  since: Scalars['DateTime']['output'];
  status: EmergencyContactStatus;
};

export type EmergencyContactStatus =
  | 'ACCEPTED'
  | 'DECLINED'
  | 'PENDING';

export type EmergencyDecision =
  | 'CONFIRM'
  | 'DENY';

/** What a patient prints for the unconscious-patient case: the person ID, nothing else. */
export type EmergencyId = {
  __typename?: 'EmergencyId';
  personId: Scalars['ID']['output'];
  /** `MEDLEDGER-EID:1:<person id>:<check>`: encode it as a QR code; the 6-hex check refuses a misread. */
  qrPayload: Scalars['String']['output'];
};

/** An in-app notification to an emergency contact (delivered from the durable outbox). */
export type EmergencyNotification = {
  __typename?: 'EmergencyNotification';
  id: Scalars['ID']['output'];
  request: EmergencyRequest;
  time: Scalars['DateTime']['output'];
};

/** A doctor's request for emergency access to an unconscious patient's records. */
export type EmergencyRequest = {
  __typename?: 'EmergencyRequest';
  contract?: Maybe<AidContract>;
  id: Scalars['ID']['output'];
  openedAt: Scalars['DateTime']['output'];
  patient: Patient;
  practitionerId: Scalars['ID']['output'];
  reason: Scalars['String']['output'];
  responses: Array<EmergencyResponse>;
  status: EmergencyRequestStatus;
};

export type EmergencyRequestStatus =
  /** The contract was closed by the doctor or the patient. */
  | 'CLOSED'
  /** M distinct contacts confirmed: an aid contract is in force (until its time box ends or it is closed). */
  | 'CONTRACTED'
  /** Waiting for contacts to confirm. */
  | 'OPEN';

/** One contact's signed answer to an emergency request. */
export type EmergencyResponse = {
  __typename?: 'EmergencyResponse';
  contact: Patient;
  decision: EmergencyDecision;
  signature: Scalars['String']['output'];
  time: Scalars['DateTime']['output'];
};

/** EIP-712 typed data for a wallet to sign with eth_signTypedData_v4, and its digest. */
export type EmergencySigningRequest = {
  __typename?: 'EmergencySigningRequest';
  digest: Scalars['String']['output'];
  typedData: Scalars['JSON']['output'];
};

/** A visit or hospital stay. */
export type EncounterRecord = ClinicalRecord & {
  __typename?: 'EncounterRecord';
  /** Inpatient, ambulatory, emergency, … (v3 ActCode). */
  class?: Maybe<ClinicalCode>;
  code?: Maybe<ClinicalCode>;
  codes: Array<ClinicalCode>;
  date?: Maybe<Scalars['String']['output']>;
  /** The location (department or ward) the hospital names, else the service type. */
  department?: Maybe<Scalars['String']['output']>;
  fhir: Scalars['JSON']['output'];
  /** The organization responsible (serviceProvider). */
  hospital?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  participants: Array<Scalars['String']['output']>;
  period?: Maybe<ClinicalPeriod>;
  reasons: Array<ClinicalCode>;
  record: HealthRecord;
  resourceType: Scalars['String']['output'];
  serviceType?: Maybe<ClinicalCode>;
  status?: Maybe<Scalars['String']['output']>;
  types: Array<ClinicalCode>;
  version: Scalars['Int']['output'];
};

export type EnrolmentStatus =
  | 'COMPLETED'
  | 'FAILED'
  | 'IN_PROGRESS';

export type ErasedRecord = {
  __typename?: 'ErasedRecord';
  /** Position of the RecordErased ledger entry. */
  entryIndex: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** How many versions lost their service key. */
  versions: Scalars['Int']['output'];
};

/** A hospital's FHIR Bulk Data style export: NDJSON per resource type, fetched from `output` URLs. */
export type ExportJob = {
  __typename?: 'ExportJob';
  error?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  organizationId: Scalars['ID']['output'];
  output: Array<ExportOutput>;
  status: ImportJobStatus;
  /** Where the FHIR async pattern polls it (GET answers 202 while running, then the manifest). */
  statusUrl: Scalars['String']['output'];
};

export type ExportOutput = {
  __typename?: 'ExportOutput';
  count: Scalars['Int']['output'];
  type: Scalars['String']['output'];
  url: Scalars['String']['output'];
};

/** An out-of-hospital emergency request with a location. */
export type FieldEmergencyRequest = {
  __typename?: 'FieldEmergencyRequest';
  /** The hospital that accepted first. */
  acceptedBy?: Maybe<Scalars['ID']['output']>;
  contract?: Maybe<AidContract>;
  /** Registered hospitals with coordinates, nearest first. */
  hospitals: Array<NearbyHospital>;
  id: Scalars['ID']['output'];
  latitude: Scalars['Float']['output'];
  longitude: Scalars['Float']['output'];
  openedAt: Scalars['DateTime']['output'];
  patient: Patient;
  reason: Scalars['String']['output'];
  /** The highest ring offered now. */
  ring: Scalars['Int']['output'];
  status: FieldRequestStatus;
};

export type FieldRequestStatus =
  /** A hospital accepted: it holds the aid contract. */
  | 'ACCEPTED'
  /** Every ring timed out without acceptance. */
  | 'UNANSWERED'
  /** Offered to the rings reached so far, waiting for a hospital to accept. */
  | 'WAITING';

/** A research team's crowdfunding campaign; donations sit in escrow:<id> until it settles. */
export type FundingCampaign = {
  __typename?: 'FundingCampaign';
  /** Ledger index of the FundingContractAnchored entry once FUNDED. */
  contractLedgerIndex?: Maybe<Scalars['Int']['output']>;
  deadline: Scalars['DateTime']['output'];
  /** Every donation: the team only (others get FORBIDDEN). */
  donations: Array<Donation>;
  /** Escrow account of the campaign. */
  escrow: Scalars['String']['output'];
  goal: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** What the caller donated in total. */
  myDonation: Scalars['Int']['output'];
  /** The research plan donors fund. */
  plan: Scalars['String']['output'];
  /** Donors who gave at least this much in total receive the team's treatment plan. */
  qualifyingAmount: Scalars['Int']['output'];
  /** Tokens donated so far (held in escrow until settlement). */
  raised: Scalars['Int']['output'];
  status: CampaignStatus;
  /** Token account of the team (account:<researcher account id>). */
  team: Scalars['String']['output'];
  title: Scalars['String']['output'];
  /** The team's FHIR CarePlan (a qualifying donor sees the one customized for them, if any): the team and qualifying donors only, else null. */
  treatmentPlan?: Maybe<Scalars['JSON']['output']>;
};

export type GeoPoint = {
  __typename?: 'GeoPoint';
  latitude: Scalars['Float']['output'];
  longitude: Scalars['Float']['output'];
};

/**
 * A patient's consent, signed by the patient's wallet as EIP-712 typed data and kept in the ledger
 * (a ConsentGranted entry holding the typed data and signature, so anyone can re-verify it).
 *
 * Key epochs: grantees never receive data keys. The server decrypts under the policy on every read, and every
 * record version has its own fresh data key, so revoking a grant cuts the grantee off from every later read
 * (the very next request) and there is no key a revoked grantee could have cached that opens a later version.
 */
export type Grant = {
  __typename?: 'Grant';
  /** Position of the ConsentGranted ledger entry. */
  entryIndex: Scalars['Int']['output'];
  /** The grant as a FHIR R4 Consent. */
  fhir: Scalars['JSON']['output'];
  grantedAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  patient: Patient;
  /** The provision tree (permit/deny rules with actors, purposes, periods, resource types, codes, record ids). */
  provision: Scalars['JSON']['output'];
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The wallet address that signed it (the patient's). */
  signer: Scalars['String']['output'];
  status: GrantStatus;
};

export type GrantInput = {
  patientId: Scalars['ID']['input'];
  /** The root rule; it must name at least one grantee. */
  provision: ProvisionInput;
};

export type GrantStatus =
  | 'ACTIVE'
  | 'REVOKED';

/** Who a rule is about: a practitioner, an organization (its staff and API keys), a role (by name) or one account. */
export type GranteeInput = {
  /** Practitioner, organization or account id (not for ROLE). */
  id?: InputMaybe<Scalars['ID']['input']>;
  kind: GranteeKind;
  /** A Role name, for ROLE (PRACTITIONER, RESEARCHER, INSURER, …). */
  role?: InputMaybe<Scalars['String']['input']>;
};

export type GranteeKind =
  | 'ACCOUNT'
  | 'ORGANIZATION'
  | 'PRACTITIONER'
  | 'ROLE';

export type HealthGrade =
  | 'A'
  | 'B'
  | 'C'
  | 'D'
  | 'E';

/** One version of a medical record: a FHIR R4 resource, encrypted in IPFS and anchored in the ledger. */
export type HealthRecord = {
  __typename?: 'HealthRecord';
  anchor: Anchor;
  /** Account or API key that wrote this version. */
  author: Scalars['String']['output'];
  /** The typed view of this version (decrypts it, like `fhir`). */
  clinical: ClinicalRecord;
  /** `system|code` of the resource's main codes (LOINC, SNOMED CT, RxNorm, …). */
  codes: Array<Scalars['String']['output']>;
  /** The date the resource is about, as written in it. */
  effective?: Maybe<Scalars['String']['output']>;
  /** The decrypted FHIR R4 resource. */
  fhir: Scalars['JSON']['output'];
  /** Every version of this record the caller may read for `purpose`, oldest first. */
  history: Array<HealthRecord>;
  /** Stable id shared by every version. */
  id: Scalars['ID']['output'];
  patient: Patient;
  resourceType: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};


/** One version of a medical record: a FHIR R4 resource, encrypted in IPFS and anchored in the ledger. */
export type HealthRecordHistoryArgs = {
  purpose?: InputMaybe<PurposeOfUse>;
};

/** A Life's Essential 8 score, computed on read from the latest records (so it follows every new record). */
export type HealthScore = {
  __typename?: 'HealthScore';
  /** Ledger position of the newest record the score read: it moves when a newer record is written. */
  basisEntryIndex?: Maybe<Scalars['Int']['output']>;
  components: Array<HealthScoreComponentScore>;
  /** Metrics with inputs / 8. */
  coverage: Scalars['Float']['output'];
  /** A ≥ 80, B 65–79, C 50–64, D 25–49, E < 25; null without a score. */
  grade?: Maybe<HealthGrade>;
  /** The method, named with its source. */
  method: Scalars['String']['output'];
  missing: Array<HealthScoreComponent>;
  /** 0–100: the mean of the metrics that have inputs; null when none has. */
  score?: Maybe<Scalars['Int']['output']>;
};

/** The eight metrics of the AHA's Life's Essential 8 (Circulation 2022;146:e18–e43). */
export type HealthScoreComponent =
  | 'BLOOD_GLUCOSE'
  | 'BLOOD_PRESSURE'
  | 'BMI'
  | 'DIET'
  | 'NICOTINE'
  | 'NON_HDL_CHOLESTEROL'
  | 'PHYSICAL_ACTIVITY'
  | 'SLEEP';

export type HealthScoreComponentScore = {
  __typename?: 'HealthScoreComponentScore';
  /** LOINC codes it reads. */
  codes: Array<Scalars['String']['output']>;
  component: HealthScoreComponent;
  /** When its (oldest) input was measured, as written in the record; null when missing. */
  measuredAt?: Maybe<Scalars['String']['output']>;
  /** 0–100, null when the inputs are missing. */
  points?: Maybe<Scalars['Int']['output']>;
  recordIds: Array<Scalars['ID']['output']>;
  /** True when 20 points were taken off a level reached on drugs (an active antihypertensive or lipid-lowering prescription). */
  treated: Scalars['Boolean']['output'];
  unit?: Maybe<Scalars['String']['output']>;
  value?: Maybe<Scalars['Float']['output']>;
};

export type ImmunizationRecord = ClinicalRecord & {
  __typename?: 'ImmunizationRecord';
  code?: Maybe<ClinicalCode>;
  codes: Array<ClinicalCode>;
  date?: Maybe<Scalars['String']['output']>;
  doseQuantity?: Maybe<ClinicalQuantity>;
  fhir: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  lotNumber?: Maybe<Scalars['String']['output']>;
  occurrence?: Maybe<Scalars['String']['output']>;
  primarySource?: Maybe<Scalars['Boolean']['output']>;
  record: HealthRecord;
  resourceType: Scalars['String']['output'];
  route?: Maybe<ClinicalCode>;
  site?: Maybe<ClinicalCode>;
  status?: Maybe<Scalars['String']['output']>;
  vaccine?: Maybe<ClinicalCode>;
  version: Scalars['Int']['output'];
};

/** A hospital's bulk import: progress, counts and its rejects. */
export type ImportJob = {
  __typename?: 'ImportJob';
  done: Scalars['Int']['output'];
  error?: Maybe<Scalars['String']['output']>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** Written as new records or new versions. */
  imported: Scalars['Int']['output'];
  organizationId: Scalars['ID']['output'];
  rejected: Scalars['Int']['output'];
  /** Rejects and warnings as FHIR OperationOutcome resources naming file and line, in file and line order. */
  rejects: Array<Scalars['JSON']['output']>;
  startedAt: Scalars['DateTime']['output'];
  status: ImportJobStatus;
  /** Resources in the inputs (NDJSON lines, Bundle entries). */
  total: Scalars['Int']['output'];
  /** Already imported with the same content: nothing written. */
  unchanged: Scalars['Int']['output'];
  /** Imported with a problem (e.g. a reference that does not resolve). */
  warnings: Scalars['Int']['output'];
};


/** A hospital's bulk import: progress, counts and its rejects. */
export type ImportJobRejectsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
};

export type ImportJobStatus =
  | 'DONE'
  | 'FAILED'
  | 'RUNNING';

/** What an upload holds. */
export type ImportUploadFormat =
  /** One FHIR R4 Bundle (transaction, batch or collection) as JSON. */
  | 'BUNDLE'
  /** FHIR bulk NDJSON: one resource per line. */
  | 'NDJSON';

/** An insurer's adherence programme. */
export type InsurancePlan = {
  __typename?: 'InsurancePlan';
  /** … up to this many tokens per claim; the patient pays the rest. */
  coverageLimitPerClaim: Scalars['Int']['output'];
  /** Bills: the plan pays this percent of a claim … */
  coveragePercent: Scalars['Int']['output'];
  /** Consecutive days from enrolment, every one at or above minDailySteps. */
  days: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** Token account that pays rewards and covered bill shares. */
  insurer: Scalars['String']['output'];
  /** Proportion of days covered by medication, in percent (MedicationDispense / MedicationStatement). */
  minAdherencePercent: Scalars['Int']['output'];
  /** Daily steps needed (LOINC 41950-7 or 55423-8 observations). */
  minDailySteps: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  reward: Scalars['Int']['output'];
};

export type InsurancePlanInput = {
  coverageLimitPerClaim?: InputMaybe<Scalars['Int']['input']>;
  coveragePercent?: InputMaybe<Scalars['Int']['input']>;
  days?: InputMaybe<Scalars['Int']['input']>;
  minAdherencePercent?: InputMaybe<Scalars['Int']['input']>;
  minDailySteps?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  reward: Scalars['Int']['input'];
};

export type InteractionSeverity =
  | 'MAJOR'
  | 'MINOR'
  | 'MODERATE';

/** A signed tree head: the RFC 9162 tree over the first `treeSize` ledger entries has root `root`. */
export type LedgerBlock = {
  __typename?: 'LedgerBlock';
  height: Scalars['Int']['output'];
  /** Hash of the previous block (hex); 64 zeros for the first. */
  prevHash: Scalars['String']['output'];
  root: Scalars['String']['output'];
  /**
   * 65-byte secp256k1 signature (r ‖ s ‖ v, 0x hex) over the block digest SHA-256(canonical JSON of height,
   * prevHash, treeSize, root, time (ms), signer), signed as a raw digest (no EIP-191 prefix). See docs/verify.md.
   */
  signature: Scalars['String']['output'];
  /** Ethereum address of the signing key. */
  signer: Scalars['String']['output'];
  /** When the block was sealed (ISO 8601); the signed digest carries it as `timeMs`. */
  time: Scalars['DateTime']['output'];
  /** When the block was sealed, in milliseconds since the epoch: the `time` the block digest signs (docs/verify.md). */
  timeMs: Scalars['Float']['output'];
  treeSize: Scalars['Int']['output'];
};

export type LedgerBlockConnection = {
  __typename?: 'LedgerBlockConnection';
  nodes: Array<LedgerBlock>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** The check of one MedicationRequest against its prescribing hospital's regional standard. */
export type MedicationCheck = {
  __typename?: 'MedicationCheck';
  antibiotic: Scalars['Boolean']['output'];
  authoredOn?: Maybe<Scalars['String']['output']>;
  drug?: Maybe<Scalars['String']['output']>;
  flagged: Scalars['Boolean']['output'];
  /** The prescribing hospital (null when unknown) and the price region used. */
  organizationId?: Maybe<Scalars['ID']['output']>;
  patientId: Scalars['ID']['output'];
  prescriber?: Maybe<Scalars['String']['output']>;
  price: PriceCheck;
  quantity: QuantityCheck;
  recordId: Scalars['ID']['output'];
  region: Scalars['String']['output'];
  rxnorm?: Maybe<Scalars['String']['output']>;
};

/** A prescription (MedicationRequest) or a statement of what the patient takes (MedicationStatement). */
export type MedicationRecord = ClinicalRecord & {
  __typename?: 'MedicationRecord';
  authoredOn?: Maybe<Scalars['String']['output']>;
  code?: Maybe<ClinicalCode>;
  codes: Array<ClinicalCode>;
  date?: Maybe<Scalars['String']['output']>;
  dosage: Array<Dosage>;
  effectivePeriod?: Maybe<ClinicalPeriod>;
  fhir: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  intent?: Maybe<Scalars['String']['output']>;
  /** The drug (RxNorm as the data carries it). */
  medication?: Maybe<ClinicalCode>;
  /** Dispense quantity. */
  quantity?: Maybe<ClinicalQuantity>;
  reasons: Array<ClinicalCode>;
  record: HealthRecord;
  requester?: Maybe<Scalars['String']['output']>;
  resourceType: Scalars['String']['output'];
  status?: Maybe<Scalars['String']['output']>;
  version: Scalars['Int']['output'];
};

export type MonitoringPeriod =
  | 'MONTH'
  | 'QUARTER'
  | 'YEAR';

export type Mutation = {
  __typename?: 'Mutation';
  /** A practitioner of an offered hospital accepts; the first acceptance forms the aid contract for that hospital. */
  acceptFieldEmergency: FieldEmergencyRequest;
  /** Writes the next version of a record; the previous versions stay readable. */
  amendRecord: HealthRecord;
  /** The signed-in person accepts or declines being an emergency contact of `patientId`. */
  answerContactRole: EmergencyContact;
  /** A hospital admin bills an encounter record of a patient; payment is attempted at once. */
  billEncounter: Bill;
  /**
   * Break-glass, when contacts cannot form a contract (fewer than M accepted, or no contract 15 minutes after the
   * request): a practitioner of the requesting doctor's hospital signs; at two distinct practitioners the contract
   * forms for the requesting doctor, flagged for review.
   */
  breakGlass: EmergencyRequest;
  /**
   * The signed-in wallet claims a custodial patient with the code: it becomes that patient (same person ID) and
   * their records are resealed to the wallet key as new versions; the custodial key is then destroyed.
   */
  claimPatient: Patient;
  /** The doctor or the patient closes a contract: its grant is revoked from the next request. */
  closeAidContract: AidContract;
  /** A hospital admin creates a scoped API key for service work. */
  createApiKey: ApiKeyCreated;
  /** An INSURER defines a plan. */
  createInsurancePlan: InsurancePlan;
  /** Writes a new record for a patient: encrypted, stored in IPFS, anchored, indexed. */
  createRecord: HealthRecord;
  /** A PRACTITIONER creates a private sharing network. */
  createSharingNetwork: SharingNetwork;
  /** The patient declines a request. */
  declineResearchShare: ResearchShareRequest;
  /** The team delivers its FHIR CarePlan to qualifying donors (FUNDED campaigns only); with `donor` (a qualifying donor's token account) a plan customized for that donor alone. */
  deliverTreatmentPlan: FundingCampaign;
  /** An INSURER buys tokens for its account (the fiat on-ramp itself is outside medledger); idempotent per ref. */
  depositTokens: TokenAccount;
  /** Gives tokens as signed in donationToSign's typed data (replaying a signature gives nothing twice). */
  donate: FundingCampaign;
  /** A patient enrols with the typed data from enrolmentToSign and its signature. */
  enrolInPlan: PlanEnrolment;
  /**
   * The patient erases one of their records: every version's service data key is destroyed (crypto-shredding),
   * a RecordErased ledger entry (hashes only) is appended and the index rows dropped. Reads then answer NOT_FOUND.
   */
  eraseRecord: ErasedRecord;
  /**
   * Stores a grant signed by the patient's wallet and appends a ConsentGranted ledger entry. Refuses a
   * signature by anyone else, a replayed nonce, an expired signature. Runs where the data folder is open.
   */
  grantConsent: Grant;
  /** The network's doctor invites a patient. */
  inviteToSharingNetwork: SharingNetwork;
  /** A hospital admin issues a one-time code for a custodial patient of their organization (a new code replaces the old). */
  issuePatientClaimCode: Scalars['String']['output'];
  /** An invited patient opts in (their shared records must match the network's disease, age band and occupation). */
  joinSharingNetwork: SharingNetwork;
  /** A member leaves. */
  leaveSharingNetwork: Scalars['Boolean']['output'];
  /** A practitioner opens an emergency request for a patient; every accepted contact is notified. */
  openEmergencyRequest: EmergencyRequest;
  /** Opens an out-of-hospital request at a location: the nearest hospitals are offered it, ring by ring. */
  openFieldEmergencyRequest: FieldEmergencyRequest;
  /** A RESEARCHER opens a campaign. */
  openFundingCampaign: FundingCampaign;
  /** Retries payment of an open bill. */
  payBill: Bill;
  /** A patient submits wearable and medication data (FHIR Observation, MedicationDispense, MedicationStatement) for an enrolment; written to their record, then completion is checked and the reward paid once. */
  recordWearable: PlanEnrolment;
  /**
   * A fresh token of the caller's session (sliding: 15 minutes from now, never past `refreshableUntil`).
   * UNAUTHENTICATED when the session was signed out, has reached its maximum age, or the caller has none.
   */
  refreshSession: Session;
  /** Registers a hospital; the caller becomes its HOSPITAL_ADMIN. */
  registerOrganization: Organization;
  /** Registers the signed-in account as a patient with a new unique person ID. */
  registerPatient: Patient;
  /** A hospital admin registers a practitioner of their organization. */
  registerPractitioner: Practitioner;
  /** A PRACTITIONER asks a patient to share records (ids of the patient's records and/or resource types). */
  requestResearchShare: ResearchShareRequest;
  /** A contact's EIP-712-signed confirmation or denial; at M distinct confirmations the aid contract forms. */
  respondToEmergency: EmergencyRequest;
  /** An AUDITOR records whether a break-glass contract was justified (once per contract; appended to the ledger). */
  reviewBreakGlass: AidContract;
  /** The patient rates a finished encounter with a doctor, once; a DoctorReviewed ledger entry keeps its hash. */
  reviewEncounter: DoctorReview;
  revokeApiKey: ApiKey;
  /** Revokes a grant (signed by the patient's wallet), effective on the next request; appends ConsentRevoked. */
  revokeGrant: Grant;
  /** Sends a message to a relay handle: an opted-in peer, or a handle that wrote to the caller (a reply). At most 100 messages and 10 new conversations a day (CONFLICT beyond). */
  sendRelayMessage: RelayMessage;
  /** The patient sets their basic information: the next version of their Patient record (the first creates it). */
  setBasicInfo: BasicInfo;
  /** Sets contacts and M from the patient's EIP-712 signature. */
  setEmergencyContacts: Array<EmergencyContact>;
  /** The signed-in person sets (or clears) the URL their emergency notifications are POSTed to (ids only, no health data). */
  setEmergencyWebhook?: Maybe<Scalars['String']['output']>;
  /** A hospital admin sets the price region of their hospital (default DEFAULT). */
  setHospitalRegion: Scalars['String']['output'];
  /** A patient who shared opts in (or out) to be written to by peers through the relay. */
  setPeerContact: Scalars['Boolean']['output'];
  /** A hospital admin updates the standard price of a drug in their hospital's region (and only there). */
  setStandardPrice: StandardPrice;
  /** Settles a campaign whose deadline passed (or whose goal the team has met): idempotent. */
  settleFundingCampaign: FundingCampaign;
  /** The patient shares with their signature of researchShareToSign's typed data (purpose HRESEARCH). */
  shareForResearch: ResearchShare;
  /** Step 2 of sign-in: the signed message; returns a short-lived bearer token. */
  signIn: Session;
  /** Revokes the caller's session: its tokens (this one and any refreshed from it) are refused from the next request. */
  signOut: Scalars['Boolean']['output'];
  /** Step 1 of sign-in: a fresh single-use nonce and the message for this wallet to sign. */
  siweChallenge: SiweChallenge;
  /** Starts an NDJSON export of what the organization may see (until consent lands: what it imported). */
  startHospitalExport: ExportJob;
  /** A hospital admin (or an API key with IMPORT scope) starts an import from server-side files or an upload. */
  startImport: ImportJob;
  /** The patient writes a self-report, condition description or evaluation (a QuestionnaireResponse they author). */
  writeSelfReport: HealthRecord;
  /**
   * A practitioner writes a record for a patient they treat: permitted only where a consent grant lets them read
   * that kind of record for TREAT (FORBIDDEN, logged, otherwise). `recordId` amends an earlier record.
   */
  writeTreatmentRecord: HealthRecord;
};


export type MutationAcceptFieldEmergencyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationAmendRecordArgs = {
  fhir: Scalars['JSON']['input'];
  id: Scalars['ID']['input'];
};


export type MutationAnswerContactRoleArgs = {
  accept: Scalars['Boolean']['input'];
  patientId: Scalars['ID']['input'];
};


export type MutationBillEncounterArgs = {
  encounterRecordId: Scalars['ID']['input'];
  items: Array<BillItemInput>;
  organizationId: Scalars['ID']['input'];
};


export type MutationBreakGlassArgs = {
  signature: Scalars['String']['input'];
  typedData: Scalars['JSON']['input'];
};


export type MutationClaimPatientArgs = {
  code: Scalars['String']['input'];
};


export type MutationCloseAidContractArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreateApiKeyArgs = {
  organizationId: Scalars['ID']['input'];
  scopes: Array<ApiScope>;
};


export type MutationCreateInsurancePlanArgs = {
  input: InsurancePlanInput;
};


export type MutationCreateRecordArgs = {
  fhir: Scalars['JSON']['input'];
  patientId: Scalars['ID']['input'];
};


export type MutationCreateSharingNetworkArgs = {
  input: SharingNetworkInput;
};


export type MutationDeclineResearchShareArgs = {
  requestId: Scalars['ID']['input'];
};


export type MutationDeliverTreatmentPlanArgs = {
  campaignId: Scalars['ID']['input'];
  carePlan: Scalars['JSON']['input'];
  donor?: InputMaybe<Scalars['String']['input']>;
};


export type MutationDepositTokensArgs = {
  amount: Scalars['Int']['input'];
  ref: Scalars['String']['input'];
};


export type MutationDonateArgs = {
  signature: Scalars['String']['input'];
  typedData: Scalars['JSON']['input'];
};


export type MutationEnrolInPlanArgs = {
  signature: Scalars['String']['input'];
  typedData: Scalars['JSON']['input'];
};


export type MutationEraseRecordArgs = {
  id: Scalars['ID']['input'];
};


export type MutationGrantConsentArgs = {
  signature: Scalars['String']['input'];
  typedData: Scalars['JSON']['input'];
};


export type MutationInviteToSharingNetworkArgs = {
  networkId: Scalars['ID']['input'];
  patientId: Scalars['ID']['input'];
};


export type MutationIssuePatientClaimCodeArgs = {
  patientId: Scalars['ID']['input'];
};


export type MutationJoinSharingNetworkArgs = {
  networkId: Scalars['ID']['input'];
};


export type MutationLeaveSharingNetworkArgs = {
  networkId: Scalars['ID']['input'];
};


export type MutationOpenEmergencyRequestArgs = {
  patientId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


export type MutationOpenFieldEmergencyRequestArgs = {
  latitude: Scalars['Float']['input'];
  longitude: Scalars['Float']['input'];
  patientId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


export type MutationOpenFundingCampaignArgs = {
  deadline: Scalars['DateTime']['input'];
  goal: Scalars['Int']['input'];
  plan: Scalars['String']['input'];
  qualifyingAmount: Scalars['Int']['input'];
  title: Scalars['String']['input'];
};


export type MutationPayBillArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRecordWearableArgs = {
  enrolmentId: Scalars['ID']['input'];
  resources: Array<Scalars['JSON']['input']>;
};


export type MutationRegisterOrganizationArgs = {
  input: RegisterOrganizationInput;
};


export type MutationRegisterPractitionerArgs = {
  input: RegisterPractitionerInput;
};


export type MutationRequestResearchShareArgs = {
  categories?: InputMaybe<Array<Scalars['String']['input']>>;
  patientId: Scalars['ID']['input'];
  recordIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};


export type MutationRespondToEmergencyArgs = {
  signature: Scalars['String']['input'];
  typedData: Scalars['JSON']['input'];
};


export type MutationReviewBreakGlassArgs = {
  contractId: Scalars['ID']['input'];
  note: Scalars['String']['input'];
  outcome: BreakGlassOutcome;
};


export type MutationReviewEncounterArgs = {
  input: ReviewEncounterInput;
};


export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeGrantArgs = {
  signature: Scalars['String']['input'];
  typedData: Scalars['JSON']['input'];
};


export type MutationSendRelayMessageArgs = {
  body: Scalars['String']['input'];
  to: Scalars['String']['input'];
};


export type MutationSetBasicInfoArgs = {
  input: BasicInfoInput;
};


export type MutationSetEmergencyContactsArgs = {
  signature: Scalars['String']['input'];
  typedData: Scalars['JSON']['input'];
};


export type MutationSetEmergencyWebhookArgs = {
  url?: InputMaybe<Scalars['String']['input']>;
};


export type MutationSetHospitalRegionArgs = {
  organizationId: Scalars['ID']['input'];
  region: Scalars['String']['input'];
};


export type MutationSetPeerContactArgs = {
  optIn: Scalars['Boolean']['input'];
};


export type MutationSetStandardPriceArgs = {
  input: StandardPriceInput;
};


export type MutationSettleFundingCampaignArgs = {
  id: Scalars['ID']['input'];
};


export type MutationShareForResearchArgs = {
  signature: Scalars['String']['input'];
  typedData: Scalars['JSON']['input'];
};


export type MutationSignInArgs = {
  message: Scalars['String']['input'];
  signature: Scalars['String']['input'];
};


export type MutationSiweChallengeArgs = {
  address: Scalars['String']['input'];
};


export type MutationStartHospitalExportArgs = {
  organizationId: Scalars['ID']['input'];
  types?: InputMaybe<Array<Scalars['String']['input']>>;
};


export type MutationStartImportArgs = {
  input: StartImportInput;
};


export type MutationWriteSelfReportArgs = {
  input: SelfReportInput;
};


export type MutationWriteTreatmentRecordArgs = {
  fhir: Scalars['JSON']['input'];
  patientId: Scalars['ID']['input'];
  recordId?: InputMaybe<Scalars['ID']['input']>;
};

/** A hospital a field request is offered to, nearest first. */
export type NearbyHospital = {
  __typename?: 'NearbyHospital';
  /** Haversine distance from the request's location, metres. */
  distanceMeters: Scalars['Float']['output'];
  name: Scalars['String']['output'];
  organizationId: Scalars['ID']['output'];
  /** The escalation ring (0 = nearest); ring k is offered after k timeouts without acceptance. */
  ring: Scalars['Int']['output'];
};

/** A member's de-identified summary: quasi-identifiers, condition codes and shared copies. */
export type NetworkMember = {
  __typename?: 'NetworkMember';
  ageBand: Scalars['String']['output'];
  conditions: Array<Scalars['String']['output']>;
  occupation: OccupationCategory;
  /** The member's random alias in this network (never their corpus pseudonym; the copies' subject uses it too). */
  pseudonym: Scalars['String']['output'];
  records: Array<Scalars['JSON']['output']>;
  region: Scalars['String']['output'];
  sex: Scalars['String']['output'];
};

export type NetworkMembership =
  | 'INVITED'
  | 'MEMBER';

/** One component of an observation (e.g. systolic and diastolic of a blood pressure panel). */
export type ObservationComponent = {
  __typename?: 'ObservationComponent';
  boolean?: Maybe<Scalars['Boolean']['output']>;
  code?: Maybe<ClinicalCode>;
  quantity?: Maybe<ClinicalQuantity>;
  text?: Maybe<Scalars['String']['output']>;
  valueCode?: Maybe<ClinicalCode>;
};

/** An examination result, vital sign, lab value or wearable reading. */
export type ObservationRecord = ClinicalRecord & {
  __typename?: 'ObservationRecord';
  boolean?: Maybe<Scalars['Boolean']['output']>;
  categories: Array<ClinicalCode>;
  code?: Maybe<ClinicalCode>;
  codes: Array<ClinicalCode>;
  components: Array<ObservationComponent>;
  date?: Maybe<Scalars['String']['output']>;
  effective?: Maybe<Scalars['String']['output']>;
  fhir: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  interpretation: Array<ClinicalCode>;
  issued?: Maybe<Scalars['String']['output']>;
  /** The value with its unit (valueQuantity). */
  quantity?: Maybe<ClinicalQuantity>;
  record: HealthRecord;
  referenceRange?: Maybe<ReferenceRange>;
  resourceType: Scalars['String']['output'];
  status?: Maybe<Scalars['String']['output']>;
  text?: Maybe<Scalars['String']['output']>;
  valueCode?: Maybe<ClinicalCode>;
  version: Scalars['Int']['output'];
};

/** A person's occupation, generalized (the corpus never keeps it as written). */
export type OccupationCategory =
  | 'EDUCATION'
  | 'HEALTHCARE'
  | 'MANUAL'
  | 'OFFICE'
  | 'OTHER'
  | 'RETIRED'
  | 'SERVICE'
  | 'STUDENT'
  | 'UNEMPLOYED'
  | 'UNKNOWN';

/** A hospital or other care organization. */
export type Organization = {
  __typename?: 'Organization';
  id: Scalars['ID']['output'];
  location?: Maybe<GeoPoint>;
  name: Scalars['String']['output'];
  practitioners: Array<Practitioner>;
};

/** Any other resource type (Claim, DocumentReference, Patient, …): the common fields only. */
export type OtherClinicalRecord = ClinicalRecord & {
  __typename?: 'OtherClinicalRecord';
  code?: Maybe<ClinicalCode>;
  codes: Array<ClinicalCode>;
  date?: Maybe<Scalars['String']['output']>;
  fhir: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  record: HealthRecord;
  resourceType: Scalars['String']['output'];
  status?: Maybe<Scalars['String']['output']>;
  version: Scalars['Int']['output'];
};

/**
 * Outcome counts, distinct people, every count from 1 to k−1 suppressed (null); persons is null whenever
 * below k, 0 included, and recovered and improved are given only with persons. Rule: RECOVERED = a shared
 * Condition with the code is resolved/remission/inactive or abated; IMPROVED = recovered, or an Observation
 * interpreted normal (N) in a later year than an abnormal one (A, AA, H, HH, L, LL) of the same code.
 */
export type OutcomeCounts = {
  __typename?: 'OutcomeCounts';
  improved?: Maybe<Scalars['Int']['output']>;
  persons?: Maybe<Scalars['Int']['output']>;
  recovered?: Maybe<Scalars['Int']['output']>;
  recoveredShare?: Maybe<Scalars['Float']['output']>;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** A registered person whose records medledger keeps. `id` is the unique person ID. */
export type Patient = {
  __typename?: 'Patient';
  /** Who tried to read this patient's records, newest first. Only the patient (and auditors) see it. */
  accessLog: Array<AccessLogEntry>;
  /** Basic information through consent for `purpose` (per-field policy on BasicInfo); null when the patient has set none. */
  basicInfo?: Maybe<BasicInfo>;
  /** Contraindications now, through consent for `purpose` (one index query, one decryption batch). */
  contraindications: Contraindications;
  /** The patient's emergency contacts. Only the patient sees the list. */
  emergencyContacts: Array<EmergencyContact>;
  /** The patient's printable emergency ID (for a QR code); only the patient themself sees it, others get null. */
  emergencyId?: Maybe<EmergencyId>;
  /** How many distinct contacts must confirm before emergency access is granted (default 2). */
  emergencyThreshold: Scalars['Int']['output'];
  /** The patient's grants, newest first, revoked ones included. Only the patient (and auditors) see them. */
  grants: Array<Grant>;
  /** Issue 5: the patient's Life's Essential 8 health score from the latest records the caller may read for `purpose`. */
  healthScore: HealthScore;
  id: Scalars['ID']['output'];
  /** Issue 5: price and quantity checks of the patient's prescriptions the caller may read for `purpose`, newest first. */
  medicationChecks: Array<MedicationCheck>;
  /** Compressed secp256k1 public key (0x hex) every record's data key is wrapped to. */
  publicKey: Scalars['String']['output'];
  /**
   * The patient's records (latest version of each), newest first: for anyone but the patient, only the records
   * a consent grant permits for `purpose` (totalCount counts those); CONSENT_REQUIRED when none is permitted.
   */
  records: RecordConnection;
  registeredAt: Scalars['DateTime']['output'];
  /**
   * Horizontal view at `at` (default now), through consent for `purpose`: what the caller may read of it, judged
   * on the latest version of each record (what is known now about that moment). Encounters that started more
   * than 366 days before `at` are not considered open.
   */
  snapshot: ClinicalSnapshot;
  /**
   * Vertical view: the records of one kind over time, oldest first, through consent for `purpose`. `codes`
   * (`system|code` or bare codes) keeps only records carrying one, component codes included (8480-6 finds
   * blood pressure panels); `from`/`to` bound the clinical date. At most `first` (≤ 500), the newest ones.
   */
  timeline: Array<ClinicalRecord>;
};


/** A registered person whose records medledger keeps. `id` is the unique person ID. */
export type PatientAccessLogArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A registered person whose records medledger keeps. `id` is the unique person ID. */
export type PatientBasicInfoArgs = {
  purpose?: InputMaybe<PurposeOfUse>;
};


/** A registered person whose records medledger keeps. `id` is the unique person ID. */
export type PatientContraindicationsArgs = {
  purpose?: InputMaybe<PurposeOfUse>;
};


/** A registered person whose records medledger keeps. `id` is the unique person ID. */
export type PatientHealthScoreArgs = {
  purpose?: InputMaybe<PurposeOfUse>;
};


/** A registered person whose records medledger keeps. `id` is the unique person ID. */
export type PatientMedicationChecksArgs = {
  purpose?: InputMaybe<PurposeOfUse>;
};


/** A registered person whose records medledger keeps. `id` is the unique person ID. */
export type PatientRecordsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  purpose?: InputMaybe<PurposeOfUse>;
  resourceType?: InputMaybe<Scalars['String']['input']>;
};


/** A registered person whose records medledger keeps. `id` is the unique person ID. */
export type PatientSnapshotArgs = {
  at?: InputMaybe<Scalars['DateTime']['input']>;
  purpose?: InputMaybe<PurposeOfUse>;
};


/** A registered person whose records medledger keeps. `id` is the unique person ID. */
export type PatientTimelineArgs = {
  codes?: InputMaybe<Array<Scalars['String']['input']>>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['DateTime']['input']>;
  kind: ClinicalKind;
  purpose?: InputMaybe<PurposeOfUse>;
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

export type PatientIdentifier = {
  __typename?: 'PatientIdentifier';
  system?: Maybe<Scalars['String']['output']>;
  /** The identifier's type (e.g. Medical Record Number). */
  type?: Maybe<Scalars['String']['output']>;
  value: Scalars['String']['output'];
};

export type PatientIdentifierInput = {
  system?: InputMaybe<Scalars['String']['input']>;
  type?: InputMaybe<Scalars['String']['input']>;
  value: Scalars['String']['input'];
};

/** What a staff look-up asks: `mrn`, or `family` and `birthDate` together. */
export type PatientLookupInput = {
  /** YYYY-MM-DD */
  birthDate?: InputMaybe<Scalars['String']['input']>;
  /** Family name (case and accents ignored). */
  family?: InputMaybe<Scalars['String']['input']>;
  given?: InputMaybe<Scalars['String']['input']>;
  /** The hospital's own patient identifier (MRN), as its import carried it. */
  mrn?: InputMaybe<Scalars['String']['input']>;
  /** The identifier system of `mrn`; any system when absent. */
  mrnSystem?: InputMaybe<Scalars['String']['input']>;
  /** The hospital looked up for; default the caller's only one. */
  organizationId?: InputMaybe<Scalars['ID']['input']>;
};

/** A patient found by a staff look-up, with what the hospital's own imported Patient resource says. */
export type PatientLookupMatch = {
  __typename?: 'PatientLookupMatch';
  birthDate?: Maybe<Scalars['String']['output']>;
  mrn?: Maybe<Scalars['String']['output']>;
  name?: Maybe<Scalars['String']['output']>;
  /** Use `patient.id` (the person ID) for emergency requests and record reads. */
  patient: Patient;
};

export type PerformancePeriod = {
  __typename?: 'PerformancePeriod';
  count: Scalars['Int']['output'];
  mean: Scalars['Float']['output'];
  /** Calendar month, YYYY-MM (UTC). */
  period: Scalars['String']['output'];
};

export type PeriodInput = {
  /** Exclusive. */
  end?: InputMaybe<Scalars['DateTime']['input']>;
  start?: InputMaybe<Scalars['DateTime']['input']>;
};

export type PersonName = {
  __typename?: 'PersonName';
  family?: Maybe<Scalars['String']['output']>;
  given: Array<Scalars['String']['output']>;
  text?: Maybe<Scalars['String']['output']>;
};

export type PersonNameInput = {
  family?: InputMaybe<Scalars['String']['input']>;
  given?: InputMaybe<Array<Scalars['String']['input']>>;
  text?: InputMaybe<Scalars['String']['input']>;
};

export type PlanEnrolment = {
  __typename?: 'PlanEnrolment';
  enrolledAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  patientId: Scalars['ID']['output'];
  plan: InsurancePlan;
  progress: PlanProgress;
  /** True once the reward was paid (once per enrolment). */
  rewardPaid: Scalars['Boolean']['output'];
  status: EnrolmentStatus;
};

export type PlanProgress = {
  __typename?: 'PlanProgress';
  /** Proportion of window days covered by medication, percent (floor). */
  adherencePercent: Scalars['Int']['output'];
  /** Days of the window elapsed so far. */
  daysElapsed: Scalars['Int']['output'];
  /** Days of the window with enough steps. */
  stepDaysMet: Scalars['Int']['output'];
};

export type PostalAddress = {
  __typename?: 'PostalAddress';
  city?: Maybe<Scalars['String']['output']>;
  country?: Maybe<Scalars['String']['output']>;
  district?: Maybe<Scalars['String']['output']>;
  line: Array<Scalars['String']['output']>;
  postalCode?: Maybe<Scalars['String']['output']>;
  state?: Maybe<Scalars['String']['output']>;
  text?: Maybe<Scalars['String']['output']>;
};

export type PostalAddressInput = {
  city?: InputMaybe<Scalars['String']['input']>;
  country?: InputMaybe<Scalars['String']['input']>;
  district?: InputMaybe<Scalars['String']['input']>;
  line?: InputMaybe<Array<Scalars['String']['input']>>;
  postalCode?: InputMaybe<Scalars['String']['input']>;
  state?: InputMaybe<Scalars['String']['input']>;
  text?: InputMaybe<Scalars['String']['input']>;
};

export type Practitioner = {
  __typename?: 'Practitioner';
  account: Account;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  organization: Organization;
};

/** A hospital's prescriptions (MedicationRequests it imported or its practitioners and API keys wrote). */
export type PrescriptionMonitoring = {
  __typename?: 'PrescriptionMonitoring';
  antibioticCount: Scalars['Int']['output'];
  /** Antibiotics (ATC J01 or the shipped RxNorm list) / total; 0 with no prescriptions. */
  antibioticShare: Scalars['Float']['output'];
  byDepartment: Array<VolumeBucket>;
  byDoctor: Array<VolumeBucket>;
  byDrug: Array<VolumeBucket>;
  byPeriod: Array<VolumeBucket>;
  organizationId: Scalars['ID']['output'];
  /** The flagged prescriptions, newest first. */
  outliers: Array<MedicationCheck>;
  priceFlags: Scalars['Int']['output'];
  quantityFlags: Scalars['Int']['output'];
  region: Scalars['String']['output'];
  total: Scalars['Int']['output'];
};

export type PriceCheck = {
  __typename?: 'PriceCheck';
  /** Unit price charged (extension https://medledger.dev/fhir/StructureDefinition/unit-price). */
  charged?: Maybe<Scalars['Float']['output']>;
  currency?: Maybe<Scalars['String']['output']>;
  /** charged / standard − 1. */
  excess?: Maybe<Scalars['Float']['output']>;
  /** The region's standard unit price. */
  standard?: Maybe<Scalars['Float']['output']>;
  status: CheckStatus;
  /** The tolerance above standard before a price is flagged. */
  tolerance: Scalars['Float']['output'];
};

/** A procedure, surgery included. */
export type ProcedureRecord = ClinicalRecord & {
  __typename?: 'ProcedureRecord';
  bodySites: Array<ClinicalCode>;
  code?: Maybe<ClinicalCode>;
  codes: Array<ClinicalCode>;
  date?: Maybe<Scalars['String']['output']>;
  fhir: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  outcome?: Maybe<ClinicalCode>;
  performed?: Maybe<ClinicalPeriod>;
  reasons: Array<ClinicalCode>;
  record: HealthRecord;
  resourceType: Scalars['String']['output'];
  status?: Maybe<Scalars['String']['output']>;
  version: Scalars['Int']['output'];
};

/** One rule (FHIR R4 Consent.provision). Unset criteria match anything; nested rules are exceptions within it. */
export type ProvisionInput = {
  actors?: InputMaybe<Array<GranteeInput>>;
  /** `system|code` codes or categories. */
  codes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Only records whose clinical date lies in this period. */
  dataPeriod?: InputMaybe<PeriodInput>;
  /** When the rule is in force; on the root rule, when the grant is valid. */
  period?: InputMaybe<PeriodInput>;
  provisions?: InputMaybe<Array<ProvisionInput>>;
  purposes?: InputMaybe<Array<PurposeOfUse>>;
  recordIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** FHIR resource types (Observation, Condition, …). */
  resourceTypes?: InputMaybe<Array<Scalars['String']['input']>>;
  type: ProvisionType;
};

export type ProvisionType =
  | 'DENY'
  | 'PERMIT';

/**
 * Why the caller reads (HL7 v3 ActReason purpose-of-use codes). Every record read names one; a grant covers
 * only the purposes it lists.
 */
export type PurposeOfUse =
  | 'ETREAT'
  | 'HOPERAT'
  | 'HPAYMT'
  | 'HRESEARCH'
  | 'PATRQT'
  | 'PUBHLTH'
  | 'TREAT';

export type QuantityCheck = {
  __typename?: 'QuantityCheck';
  /** Units the course uses: dose × doses a day × days. */
  course?: Maybe<Scalars['Float']['output']>;
  /** Units dispensed: dispenseRequest.quantity × (1 + repeats). */
  dispensed?: Maybe<Scalars['Float']['output']>;
  status: CheckStatus;
};

/** The quasi-identifiers k-anonymity is enforced over. */
export type QuasiIdentifier =
  | 'AGE_BAND'
  | 'OCCUPATION'
  | 'REGION'
  | 'SEX';

export type Query = {
  __typename?: 'Query';
  /** Aid contracts of a patient, newest first (the patient themself). */
  aidContracts: Array<AidContract>;
  bill?: Maybe<Bill>;
  /**
   * Break-glass contracts waiting for review (or, with `reviewed: true`, reviewed), oldest first, at most 500:
   * every hospital's for an AUDITOR, their own hospitals' for a HOSPITAL_ADMIN.
   */
  breakGlassReviewQueue: Array<AidContract>;
  /** The typed data a practitioner signs for break-glass access on a request. */
  breakGlassToSign: EmergencySigningRequest;
  /** Any signed-in person: outcomes of a condition, overall and per treatment (k-suppressed). */
  conditionOutcomes: ConditionOutcome;
  consistencyProof: ConsistencyProof;
  /** RESEARCHER: distinct people per combination of `by`, cells below k suppressed. */
  corpusAggregate: Array<CorpusCell>;
  /** RESEARCHER: k-anonymous records of the selection (classes below k withheld until they grow). */
  corpusRecords: CorpusPage;
  /** A doctor's performance: for the doctor themself (every review) or an admin of their hospital (its reviews). */
  doctorPerformance: DoctorPerformance;
  /** Typed data a donor signs to give `amount` tokens to a campaign. */
  donationToSign: TokenSigningRequest;
  /** The typed data the patient signs to set contacts and M. */
  emergencyContactsToSign: EmergencySigningRequest;
  /** A request, for its doctor, the patient, or one of the patient's contacts. */
  emergencyRequest?: Maybe<EmergencyRequest>;
  /** The typed data a contact signs to confirm or deny a request. */
  emergencyResponseToSign: EmergencySigningRequest;
  /** Typed data a patient signs to enrol in a plan (consent for HPAYMT use of the programme's data). */
  enrolmentToSign: TokenSigningRequest;
  /** RESEARCHER: the selection's k-anonymous records as NDJSON (at most 10,000 records). */
  exportCohort: CohortExport;
  /** A grant as a FHIR R4 Consent (the patient and auditors). */
  exportConsent: Scalars['JSON']['output'];
  exportJob?: Maybe<ExportJob>;
  /** A field request, for its requester, the patient, or staff of a hospital it was offered to. */
  fieldEmergencyRequest?: Maybe<FieldEmergencyRequest>;
  /**
   * Staff look-up (issue 21): a hospital's practitioners and admins find the patients their hospital imported,
   * by the hospital's own identifier (MRN) or by family name + birth date (a given name narrows); never another
   * hospital's patients. Every look-up is audited: a PatientLookup ledger entry, and an AccessLogged entry
   * (purpose LOOKUP) in each found patient's access log. At most 20 matches.
   */
  findPatients: Array<PatientLookupMatch>;
  fundingCampaign?: Maybe<FundingCampaign>;
  fundingCampaigns: Array<FundingCampaign>;
  /** The typed data the patient's wallet signs to make this grant (fresh grant id, nonce, expiry). */
  grantToSign: SigningRequest;
  /** Every reviewed doctor of a hospital, for its admins. */
  hospitalPerformance: Array<DoctorPerformance>;
  /** Imports a FHIR R4 Consent: the typed data to sign for the grant it describes (then grantConsent). */
  importConsent: SigningRequest;
  /** An import job of an organization the caller administers (or whose API key with IMPORT scope calls). */
  importJob?: Maybe<ImportJob>;
  importJobs: Array<ImportJob>;
  insurancePlans: Array<InsurancePlan>;
  ledgerBlock?: Maybe<LedgerBlock>;
  /** Blocks, newest first. */
  ledgerBlocks: LedgerBlockConnection;
  /** The latest signed block, or null for an empty ledger. */
  ledgerHead?: Maybe<LedgerBlock>;
  /** The signed-in caller, or null when anonymous. */
  me?: Maybe<Account>;
  /** Notifications for the signed-in contact, oldest first. */
  myEmergencyInbox: Array<EmergencyNotification>;
  myEnrolments: Array<PlanEnrolment>;
  /** The signed-in person's relay handle (created on first use). */
  myRelayHandle: Scalars['String']['output'];
  /** Share requests addressed to the signed-in patient, newest first. */
  myResearchShareRequests: Array<ResearchShareRequest>;
  /** The signed-in patient's shares. */
  myResearchShares: Array<ResearchShare>;
  /** The caller's token account: a patient's patient:<id>, another account's account:<id>, or org:<organizationId> for its hospital admin. */
  myTokens: TokenAccount;
  organization?: Maybe<Organization>;
  organizations: Array<Organization>;
  /** A patient by unique person ID: the patient themself, practitioners and hospital admins may look one up. */
  patient?: Maybe<Patient>;
  /** A scanned emergency ID (`EmergencyId.qrPayload`) decoded to its patient, for practitioners and hospital admins; BAD_USER_INPUT when it does not check. */
  patientByEmergencyId?: Maybe<Patient>;
  /** An insurer's enrolments in its own plans. */
  planEnrolments: Array<PlanEnrolment>;
  practitioner?: Maybe<Practitioner>;
  /** Prescription volumes and outliers of a hospital, for its admins, between `from` and `to` (ISO dates, inclusive). */
  prescriptionMonitoring: PrescriptionMonitoring;
  /** A record (its latest version unless one is given), through consent for `purpose`: CONSENT_REQUIRED when denied. */
  record?: Maybe<HealthRecord>;
  /** Recovered peers of a condition who opted in, each under a relay alias for this condition (never their handle), sorted; none while fewer than k people have it. */
  recoveredPeers: Array<Scalars['String']['output']>;
  /** Messages to and from the signed-in person's relay handle, oldest first. */
  relayInbox: Array<RelayMessage>;
  researchCorpus: ResearchCorpusSummary;
  /** The typed data the patient signs to share (all of the request's records, or the subset `recordIds`). */
  researchShareToSign: ResearchSigningRequest;
  /** The typed data the patient's wallet signs to revoke a grant. */
  revocationToSign: SigningRequest;
  /** Networks the signed-in doctor made, or the patient was invited to. */
  sharingNetworks: Array<SharingNetwork>;
  /** The standard price table of a region (shipped data overlaid with admins' updates). */
  standardPrices: Array<StandardPrice>;
  /** Total tokens minted, burned and circulating. */
  tokenSupply: TokenSupply;
};


export type QueryAidContractsArgs = {
  patientId: Scalars['ID']['input'];
};


export type QueryBillArgs = {
  id: Scalars['ID']['input'];
};


export type QueryBreakGlassReviewQueueArgs = {
  reviewed?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryBreakGlassToSignArgs = {
  requestId: Scalars['ID']['input'];
  validForSeconds?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryConditionOutcomesArgs = {
  condition: Scalars['String']['input'];
};


export type QueryConsistencyProofArgs = {
  fromSize: Scalars['Int']['input'];
  toSize: Scalars['Int']['input'];
};


export type QueryCorpusAggregateArgs = {
  by: Array<QuasiIdentifier>;
  filter?: InputMaybe<CorpusFilter>;
};


export type QueryCorpusRecordsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CorpusFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryDoctorPerformanceArgs = {
  practitionerId: Scalars['ID']['input'];
};


export type QueryDonationToSignArgs = {
  amount: Scalars['Int']['input'];
  campaignId: Scalars['ID']['input'];
  validForSeconds?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryEmergencyContactsToSignArgs = {
  contactIds: Array<Scalars['ID']['input']>;
  threshold: Scalars['Int']['input'];
  validForSeconds?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryEmergencyRequestArgs = {
  id: Scalars['ID']['input'];
};


export type QueryEmergencyResponseToSignArgs = {
  decision: EmergencyDecision;
  requestId: Scalars['ID']['input'];
  validForSeconds?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryEnrolmentToSignArgs = {
  planId: Scalars['ID']['input'];
  validForSeconds?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryExportCohortArgs = {
  filter?: InputMaybe<CorpusFilter>;
};


export type QueryExportConsentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryExportJobArgs = {
  id: Scalars['ID']['input'];
};


export type QueryFieldEmergencyRequestArgs = {
  id: Scalars['ID']['input'];
};


export type QueryFindPatientsArgs = {
  input: PatientLookupInput;
};


export type QueryFundingCampaignArgs = {
  id: Scalars['ID']['input'];
};


export type QueryGrantToSignArgs = {
  input: GrantInput;
  validForSeconds?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryHospitalPerformanceArgs = {
  organizationId: Scalars['ID']['input'];
};


export type QueryImportConsentArgs = {
  fhir: Scalars['JSON']['input'];
  validForSeconds?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryImportJobArgs = {
  id: Scalars['ID']['input'];
};


export type QueryImportJobsArgs = {
  organizationId: Scalars['ID']['input'];
};


export type QueryLedgerBlockArgs = {
  height: Scalars['Int']['input'];
};


export type QueryLedgerBlocksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryMyTokensArgs = {
  organizationId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryOrganizationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPatientArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPatientByEmergencyIdArgs = {
  payload: Scalars['String']['input'];
};


export type QueryPlanEnrolmentsArgs = {
  planId: Scalars['ID']['input'];
};


export type QueryPractitionerArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPrescriptionMonitoringArgs = {
  from?: InputMaybe<Scalars['String']['input']>;
  organizationId: Scalars['ID']['input'];
  period?: InputMaybe<MonitoringPeriod>;
  to?: InputMaybe<Scalars['String']['input']>;
};


export type QueryRecordArgs = {
  id: Scalars['ID']['input'];
  purpose?: InputMaybe<PurposeOfUse>;
  version?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryRecoveredPeersArgs = {
  condition: Scalars['String']['input'];
};


export type QueryResearchShareToSignArgs = {
  occupation: OccupationCategory;
  recordIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  requestId: Scalars['ID']['input'];
  validForSeconds?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryRevocationToSignArgs = {
  grantId: Scalars['ID']['input'];
  validForSeconds?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryStandardPricesArgs = {
  region: Scalars['String']['input'];
};

export type QuestionnaireAnswer = {
  __typename?: 'QuestionnaireAnswer';
  linkId: Scalars['String']['output'];
  /** The question. */
  text?: Maybe<Scalars['String']['output']>;
  valueBoolean?: Maybe<Scalars['Boolean']['output']>;
  valueCode?: Maybe<ClinicalCode>;
  valueDate?: Maybe<Scalars['String']['output']>;
  valueNumber?: Maybe<Scalars['Float']['output']>;
  valueQuantity?: Maybe<ClinicalQuantity>;
  valueString?: Maybe<Scalars['String']['output']>;
};

/** Answers to a questionnaire: the patient's self-report, condition description or evaluation among them. */
export type QuestionnaireResponseRecord = ClinicalRecord & {
  __typename?: 'QuestionnaireResponseRecord';
  /** Every answer, nested items flattened in document order. */
  answers: Array<QuestionnaireAnswer>;
  author?: Maybe<Scalars['String']['output']>;
  authored?: Maybe<Scalars['String']['output']>;
  code?: Maybe<ClinicalCode>;
  codes: Array<ClinicalCode>;
  date?: Maybe<Scalars['String']['output']>;
  fhir: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  questionnaire?: Maybe<Scalars['String']['output']>;
  record: HealthRecord;
  resourceType: Scalars['String']['output'];
  /** SYMPTOMS, CONDITION_DESCRIPTION or SELF_EVALUATION when the patient wrote it through writeSelfReport. */
  selfReportKind?: Maybe<SelfReportKind>;
  source?: Maybe<Scalars['String']['output']>;
  status?: Maybe<Scalars['String']['output']>;
  version: Scalars['Int']['output'];
};

export type RecordConnection = {
  __typename?: 'RecordConnection';
  edges: Array<RecordEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type RecordEdge = {
  __typename?: 'RecordEdge';
  cursor: Scalars['String']['output'];
  node: HealthRecord;
};

export type ReferenceRange = {
  __typename?: 'ReferenceRange';
  high?: Maybe<ClinicalQuantity>;
  low?: Maybe<ClinicalQuantity>;
  text?: Maybe<Scalars['String']['output']>;
};

export type RegisterOrganizationInput = {
  latitude?: InputMaybe<Scalars['Float']['input']>;
  longitude?: InputMaybe<Scalars['Float']['input']>;
  name: Scalars['String']['input'];
};

export type RegisterPractitionerInput = {
  /** Wallet address of the practitioner's account (they sign in once first). */
  address: Scalars['String']['input'];
  name: Scalars['String']['input'];
  organizationId: Scalars['ID']['input'];
};

/** A message through the anonymous relay: only relay handles (or a recipient's alias from recoveredPeers), never a patient or account id. */
export type RelayMessage = {
  __typename?: 'RelayMessage';
  body: Scalars['String']['output'];
  from: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  sentAt: Scalars['DateTime']['output'];
  to: Scalars['String']['output'];
};

/** What the open research corpus holds, in aggregate only. */
export type ResearchCorpusSummary = {
  __typename?: 'ResearchCorpusSummary';
  /** The k of k-anonymity the corpus enforces. */
  k: Scalars['Int']['output'];
  /**
   * How many people's newly shared copies are pending release (a count only). New copies reach researchers in
   * batches covering at least k people, all at once, so that a researcher comparing the corpus before and after a
   * share cannot link a new pseudonym to the sharer the public ledger names: a fresh share is not browsable until
   * its batch is complete.
   */
  pendingPeople: Scalars['Int']['output'];
  /** De-identified record copies released to researchers (copies pending release are not counted: see pendingPeople). */
  sharedRecords: Scalars['Int']['output'];
};

/** One signed share: its ResearchShared ledger entry holds the signature, the digest and a salted hash of the copies. */
export type ResearchShare = {
  __typename?: 'ResearchShare';
  /** Position of the ResearchShared entry in the ledger. */
  entryIndex: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** The patient's research pseudonym (random; shown to the patient only). */
  pseudonym: Scalars['String']['output'];
  /** Records copied into the corpus by this share. */
  records: Scalars['Int']['output'];
  /** When this share's copies were released to researchers (in a batch of at least k people); null while they are pending. */
  releasedAt?: Maybe<Scalars['DateTime']['output']>;
  requestId: Scalars['ID']['output'];
  /** Tokens credited by this share (records shared before earn nothing again). */
  rewarded: Scalars['Int']['output'];
  sharedAt: Scalars['DateTime']['output'];
};

/** A doctor's request that a patient share records (by id and/or by resource type) into the research corpus. */
export type ResearchShareRequest = {
  __typename?: 'ResearchShareRequest';
  /** Resource types (Condition, Observation, …): every record of the patient of these types. */
  categories: Array<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  patientId: Scalars['ID']['output'];
  practitionerId: Scalars['ID']['output'];
  recordIds: Array<Scalars['ID']['output']>;
  status: ResearchShareRequestStatus;
};

export type ResearchShareRequestStatus =
  | 'DECLINED'
  | 'OPEN'
  | 'SHARED';

/** EIP-712 typed data (primary type ResearchShare) for the patient's wallet, and its digest. */
export type ResearchSigningRequest = {
  __typename?: 'ResearchSigningRequest';
  digest: Scalars['String']['output'];
  typedData: Scalars['JSON']['output'];
};

export type ReviewEncounterInput = {
  attitude: Scalars['Int']['input'];
  comment?: InputMaybe<Scalars['String']['input']>;
  /** The Encounter record (status finished, a Practitioner participant). */
  encounterId: Scalars['ID']['input'];
  outcome: Scalars['Int']['input'];
  /** Which participant, when the encounter names several practitioners. */
  practitionerId?: InputMaybe<Scalars['ID']['input']>;
};

/** What an account may do. A person can hold several roles. */
export type Role =
  | 'AUDITOR'
  | 'HOSPITAL_ADMIN'
  | 'INSURER'
  | 'PATIENT'
  | 'PRACTITIONER'
  | 'RESEARCHER';

export type SelfReportAnswerInput = {
  question: Scalars['String']['input'];
  valueBoolean?: InputMaybe<Scalars['Boolean']['input']>;
  valueNumber?: InputMaybe<Scalars['Float']['input']>;
  /** Exactly one value. */
  valueString?: InputMaybe<Scalars['String']['input']>;
};

export type SelfReportInput = {
  answers?: InputMaybe<Array<SelfReportAnswerInput>>;
  /** When it is about (default now; not in the future). */
  at?: InputMaybe<Scalars['DateTime']['input']>;
  kind: SelfReportKind;
  /** An earlier self-report of the patient's to amend (its next version); omitted: a new one. */
  recordId?: InputMaybe<Scalars['ID']['input']>;
  /** 0 (worst) … 10 (best). */
  score?: InputMaybe<Scalars['Int']['input']>;
  /** What the patient reports, describes or evaluates (1–4,000 characters). */
  text: Scalars['String']['input'];
};

export type SelfReportKind =
  | 'CONDITION_DESCRIPTION'
  | 'SELF_EVALUATION'
  | 'SYMPTOMS';

export type Session = {
  __typename?: 'Session';
  account: Account;
  /** When this token stops working (15 minutes after it was issued); refreshSession before then for another. */
  expiresAt: Scalars['DateTime']['output'];
  /** The latest a refreshSession can reach: the sign-in's maximum age (12 hours by default); then sign in again. */
  refreshableUntil: Scalars['DateTime']['output'];
  /** Bearer token for the Authorization header. */
  token: Scalars['String']['output'];
};

/** A doctor's private sharing network; only its doctor and members see it. */
export type SharingNetwork = {
  __typename?: 'SharingNetwork';
  ageBand?: Maybe<Scalars['String']['output']>;
  condition: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** Members who opted in (the doctor and members only). */
  members: Array<NetworkMember>;
  /** The caller's membership (patients), null for the doctor. */
  membership?: Maybe<NetworkMembership>;
  name: Scalars['String']['output'];
  occupation?: Maybe<OccupationCategory>;
};

export type SharingNetworkInput = {
  ageBand?: InputMaybe<Scalars['String']['input']>;
  /** The disease (Condition code) members share. */
  condition: Scalars['String']['input'];
  name: Scalars['String']['input'];
  occupation?: InputMaybe<OccupationCategory>;
};

/** EIP-712 typed data for eth_signTypedData_v4 (domain name medledger, version 1, no chainId). */
export type SigningRequest = {
  __typename?: 'SigningRequest';
  /** The EIP-712 digest the wallet signs (0x hex). */
  digest: Scalars['String']['output'];
  /** { domain, types, primaryType, message }: pass it as is to the wallet, then back with the signature. */
  typedData: Scalars['JSON']['output'];
};

/** The EIP-4361 (Sign-In with Ethereum) message to sign, with a single-use nonce. */
export type SiweChallenge = {
  __typename?: 'SiweChallenge';
  expiresAt: Scalars['DateTime']['output'];
  /** The exact text to sign with personal_sign. */
  message: Scalars['String']['output'];
  nonce: Scalars['String']['output'];
};

export type StandardPrice = {
  __typename?: 'StandardPrice';
  currency: Scalars['String']['output'];
  region: Scalars['String']['output'];
  rxnorm: Scalars['String']['output'];
  /** SHIPPED (data/standard-prices.json) or the admin account that updated it. */
  source: Scalars['String']['output'];
  unitPrice: Scalars['Float']['output'];
};

export type StandardPriceInput = {
  currency: Scalars['String']['input'];
  /** The hospital whose region's table is updated (the caller administers it). */
  organizationId: Scalars['ID']['input'];
  rxnorm: Scalars['String']['input'];
  unitPrice: Scalars['Float']['input'];
};

export type StartImportInput = {
  organizationId: Scalars['ID']['input'];
  /** Files or folders relative to the server's import root (MEDLEDGER_IMPORT_ROOT, default <data>/import-inbox). */
  paths?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The document itself (within the 1 MiB request limit), instead of paths. */
  upload?: InputMaybe<Scalars['String']['input']>;
  uploadFormat?: InputMaybe<ImportUploadFormat>;
};

/** A token account; balances are derived from the ledger's token entries. */
export type TokenAccount = {
  __typename?: 'TokenAccount';
  /** patient:<id>, account:<id>, org:<id> or escrow:<campaignId>. */
  account: Scalars['String']['output'];
  balance: Scalars['Int']['output'];
  /** Moves, newest first. */
  history: TokenMoveConnection;
};


/** A token account; balances are derived from the ledger's token entries. */
export type TokenAccountHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** One ledger entry as seen from one account. */
export type TokenMove = {
  __typename?: 'TokenMove';
  /** The other account of a transfer. */
  counterparty?: Maybe<Scalars['String']['output']>;
  /** Positive for a credit, negative for a debit. */
  delta: Scalars['Int']['output'];
  kind: TokenMoveKind;
  /** Position of the TokensMinted / TokensTransferred / TokensBurned entry in the ledger. */
  ledgerIndex: Scalars['Int']['output'];
  /** research-share, donation, refund, escrow-release, plan-reward, claim-payment, deposit, … */
  reason: Scalars['String']['output'];
  /** The entry's idempotency key (e.g. share:<recordId>). */
  ref: Scalars['String']['output'];
  time: Scalars['DateTime']['output'];
};

export type TokenMoveConnection = {
  __typename?: 'TokenMoveConnection';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  nodes: Array<TokenMove>;
};

/** What a token move did to one account. */
export type TokenMoveKind =
  | 'BURN'
  | 'MINT'
  | 'TRANSFER';

/** EIP-712 typed data to sign with eth_signTypedData_v4, and its digest. */
export type TokenSigningRequest = {
  __typename?: 'TokenSigningRequest';
  digest: Scalars['String']['output'];
  typedData: Scalars['JSON']['output'];
};

/** Tokens in existence: circulating = minted − burned = the sum of every balance. */
export type TokenSupply = {
  __typename?: 'TokenSupply';
  burned: Scalars['Int']['output'];
  circulating: Scalars['Int']['output'];
  minted: Scalars['Int']['output'];
};

/** Outcomes of one treatment (a medication or procedure code) among the people with the condition. */
export type TreatmentOutcome = {
  __typename?: 'TreatmentOutcome';
  improved?: Maybe<Scalars['Int']['output']>;
  persons?: Maybe<Scalars['Int']['output']>;
  recovered?: Maybe<Scalars['Int']['output']>;
  recoveredShare?: Maybe<Scalars['Float']['output']>;
  treatment: Scalars['String']['output'];
};

export type VolumeBucket = {
  __typename?: 'VolumeBucket';
  count: Scalars['Int']['output'];
  key: Scalars['String']['output'];
  label?: Maybe<Scalars['String']['output']>;
};

export type Join__Graph =
  | 'CONSENT'
  | 'EMERGENCY'
  | 'IDENTITY'
  | 'LEDGER'
  | 'RECORDS'
  | 'RESEARCH';

export type Link__Purpose =
  /** `EXECUTION` features provide metadata necessary for operation execution. */
  | 'EXECUTION'
  /** `SECURITY` features provide metadata necessary to securely resolve fields. */
  | 'SECURITY';

export type PortalChallengeMutationVariables = Exact<{
  address: Scalars['String']['input'];
}>;


export type PortalChallengeMutation = { __typename?: 'Mutation', siweChallenge: { __typename?: 'SiweChallenge', message: string } };

export type PortalSignInMutationVariables = Exact<{
  message: Scalars['String']['input'];
  signature: Scalars['String']['input'];
}>;


export type PortalSignInMutation = { __typename?: 'Mutation', signIn: { __typename?: 'Session', token: string, expiresAt: string, refreshableUntil: string, account: { __typename?: 'Account', id: string, address: string } } };

export type PortalMeQueryVariables = Exact<{ [key: string]: never; }>;


export type PortalMeQuery = { __typename?: 'Query', me?: { __typename?: 'Account', id: string, address: string, patient?: { __typename?: 'Patient', id: string } | null } | null };

export type PortalRefreshMutationVariables = Exact<{ [key: string]: never; }>;


export type PortalRefreshMutation = { __typename?: 'Mutation', refreshSession: { __typename?: 'Session', token: string, expiresAt: string } };

export type PortalRegisterMutationVariables = Exact<{ [key: string]: never; }>;


export type PortalRegisterMutation = { __typename?: 'Mutation', registerPatient: { __typename?: 'Patient', id: string } };

export type PortalRecordsQueryVariables = Exact<{
  patient: Scalars['ID']['input'];
}>;


export type PortalRecordsQuery = { __typename?: 'Query', patient?: { __typename?: 'Patient', records: { __typename?: 'RecordConnection', totalCount: number, edges: Array<{ __typename?: 'RecordEdge', node: { __typename?: 'HealthRecord', id: string, version: number, resourceType: string, effective?: string | null, anchor: { __typename?: 'Anchor', entryIndex: number, cid: string, entry: string, leafHash: string, inclusionProof?: Array<string> | null, block?: { __typename?: 'LedgerBlock', height: number, prevHash: string, treeSize: number, root: string, timeMs: number, signer: string, signature: string } | null } } }> } } | null };

export type PortalGrantsQueryVariables = Exact<{
  patient: Scalars['ID']['input'];
}>;


export type PortalGrantsQuery = { __typename?: 'Query', patient?: { __typename?: 'Patient', grants: Array<{ __typename?: 'Grant', id: string, status: GrantStatus, signer: string, grantedAt: string, revokedAt?: string | null, provision: unknown }> } | null };

export type PortalAccessLogQueryVariables = Exact<{
  patient: Scalars['ID']['input'];
}>;


export type PortalAccessLogQuery = { __typename?: 'Query', patient?: { __typename?: 'Patient', accessLog: Array<{ __typename?: 'AccessLogEntry', entryIndex: number, actor: string, purpose: string, decision: AccessDecision, time: string, recordIds: Array<string> }> } | null };

export type PortalGrantToSignQueryVariables = Exact<{
  input: GrantInput;
}>;


export type PortalGrantToSignQuery = { __typename?: 'Query', grantToSign: { __typename?: 'SigningRequest', typedData: unknown } };

export type PortalGrantConsentMutationVariables = Exact<{
  typedData: Scalars['JSON']['input'];
  signature: Scalars['String']['input'];
}>;


export type PortalGrantConsentMutation = { __typename?: 'Mutation', grantConsent: { __typename?: 'Grant', id: string, status: GrantStatus } };

export type PortalRevocationToSignQueryVariables = Exact<{
  grantId: Scalars['ID']['input'];
}>;


export type PortalRevocationToSignQuery = { __typename?: 'Query', revocationToSign: { __typename?: 'SigningRequest', typedData: unknown } };

export type PortalRevokeGrantMutationVariables = Exact<{
  typedData: Scalars['JSON']['input'];
  signature: Scalars['String']['input'];
}>;


export type PortalRevokeGrantMutation = { __typename?: 'Mutation', revokeGrant: { __typename?: 'Grant', id: string, status: GrantStatus } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const PortalChallengeDocument = new TypedDocumentString(`
    mutation PortalChallenge($address: String!) {
  siweChallenge(address: $address) {
    message
  }
}
    `) as unknown as TypedDocumentString<PortalChallengeMutation, PortalChallengeMutationVariables>;
export const PortalSignInDocument = new TypedDocumentString(`
    mutation PortalSignIn($message: String!, $signature: String!) {
  signIn(message: $message, signature: $signature) {
    token
    expiresAt
    refreshableUntil
    account {
      id
      address
    }
  }
}
    `) as unknown as TypedDocumentString<PortalSignInMutation, PortalSignInMutationVariables>;
export const PortalMeDocument = new TypedDocumentString(`
    query PortalMe {
  me {
    id
    address
    patient {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<PortalMeQuery, PortalMeQueryVariables>;
export const PortalRefreshDocument = new TypedDocumentString(`
    mutation PortalRefresh {
  refreshSession {
    token
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<PortalRefreshMutation, PortalRefreshMutationVariables>;
export const PortalRegisterDocument = new TypedDocumentString(`
    mutation PortalRegister {
  registerPatient {
    id
  }
}
    `) as unknown as TypedDocumentString<PortalRegisterMutation, PortalRegisterMutationVariables>;
export const PortalRecordsDocument = new TypedDocumentString(`
    query PortalRecords($patient: ID!) {
  patient(id: $patient) {
    records(first: 20) {
      totalCount
      edges {
        node {
          id
          version
          resourceType
          effective
          anchor {
            entryIndex
            cid
            entry
            leafHash
            inclusionProof
            block {
              height
              prevHash
              treeSize
              root
              timeMs
              signer
              signature
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PortalRecordsQuery, PortalRecordsQueryVariables>;
export const PortalGrantsDocument = new TypedDocumentString(`
    query PortalGrants($patient: ID!) {
  patient(id: $patient) {
    grants {
      id
      status
      signer
      grantedAt
      revokedAt
      provision
    }
  }
}
    `) as unknown as TypedDocumentString<PortalGrantsQuery, PortalGrantsQueryVariables>;
export const PortalAccessLogDocument = new TypedDocumentString(`
    query PortalAccessLog($patient: ID!) {
  patient(id: $patient) {
    accessLog(first: 30) {
      entryIndex
      actor
      purpose
      decision
      time
      recordIds
    }
  }
}
    `) as unknown as TypedDocumentString<PortalAccessLogQuery, PortalAccessLogQueryVariables>;
export const PortalGrantToSignDocument = new TypedDocumentString(`
    query PortalGrantToSign($input: GrantInput!) {
  grantToSign(input: $input) {
    typedData
  }
}
    `) as unknown as TypedDocumentString<PortalGrantToSignQuery, PortalGrantToSignQueryVariables>;
export const PortalGrantConsentDocument = new TypedDocumentString(`
    mutation PortalGrantConsent($typedData: JSON!, $signature: String!) {
  grantConsent(typedData: $typedData, signature: $signature) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<PortalGrantConsentMutation, PortalGrantConsentMutationVariables>;
export const PortalRevocationToSignDocument = new TypedDocumentString(`
    query PortalRevocationToSign($grantId: ID!) {
  revocationToSign(grantId: $grantId) {
    typedData
  }
}
    `) as unknown as TypedDocumentString<PortalRevocationToSignQuery, PortalRevocationToSignQueryVariables>;
export const PortalRevokeGrantDocument = new TypedDocumentString(`
    mutation PortalRevokeGrant($typedData: JSON!, $signature: String!) {
  revokeGrant(typedData: $typedData, signature: $signature) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<PortalRevokeGrantMutation, PortalRevokeGrantMutationVariables>;