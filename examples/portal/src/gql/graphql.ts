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
  /** An instant, ISO 8601 in UTC (e.g. 2026-01-31T09:30:00.000Z). */
  DateTime: { input: string; output: string; }
  /** Any JSON value (a FHIR resource, EIP-712 typed data). */
  JSON: { input: unknown; output: unknown; }
  join__DirectiveArguments: { input: any; output: any; }
  join__FieldSet: { input: any; output: any; }
  link__Import: { input: any; output: any; }
};

/** The outcome of a read attempt. */
export type AccessDecision =
  | 'DENY'
  | 'PERMIT';

/** Scopes of a hospital's API key for service work (imports, integrations). */
export type ApiScope =
  | 'IMPORT'
  | 'RECORDS_READ'
  | 'RECORDS_WRITE';

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
  /** Home address; null removes it. */
  address?: InputMaybe<PostalAddressInput>;
  /** YYYY, YYYY-MM or YYYY-MM-DD */
  birthDate?: InputMaybe<Scalars['String']['input']>;
  /** Ethnicity as text; null removes it. */
  ethnicity?: InputMaybe<Scalars['String']['input']>;
  /** Identifiers; null removes them. */
  identifiers?: InputMaybe<Array<PatientIdentifierInput>>;
  /** The name; null removes it. */
  name?: InputMaybe<PersonNameInput>;
  /** Native place; null removes it. */
  nativePlace?: InputMaybe<PostalAddressInput>;
  /** male | female | other | unknown */
  sex?: InputMaybe<Scalars['String']['input']>;
};

/** One billed service. */
export type BillItemInput = {
  /** Tokens for the item (> 0). */
  amount: Scalars['Int']['input'];
  /** A code of the service (e.g. SNOMED CT or CPT as it arrives). */
  code: Scalars['String']['input'];
  /** The service as text. */
  display?: InputMaybe<Scalars['String']['input']>;
};

/** Whether a bill is paid. */
export type BillStatus =
  /** Not enough tokens in the patient's or the insurer's account: retry with payBill. */
  | 'OPEN_INSUFFICIENT_FUNDS'
  | 'PAID';

/** An auditor's verdict on a break-glass contract. */
export type BreakGlassOutcome =
  | 'JUSTIFIED'
  | 'UNJUSTIFIED';

/** Where a funding campaign is. */
export type CampaignStatus =
  /** Goal met by the deadline: funding contract anchored, escrow released to the team. */
  | 'FUNDED'
  /** Taking donations until the deadline. */
  | 'OPEN'
  /** Deadline passed below the goal: every donor refunded exactly. */
  | 'REFUNDED';

/** The verdict of one part of a medication check. */
export type CheckStatus =
  | 'FLAGGED'
  | 'OK'
  /** An input is missing (no price, no standard price, no dispense quantity, other currency). */
  | 'UNKNOWN';

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

/** How strictly a drug class is to be avoided. */
export type ContraindicationSeverity =
  /** Do not give. */
  | 'ABSOLUTE'
  /** Give only with caution. */
  | 'RELATIVE';

/** Which part of the corpus to look at: people matching every given criterion (codes as system|code or a bare code). */
export type CorpusFilter = {
  /** Only this age band (e.g. 30-39). */
  ageBand?: InputMaybe<Scalars['String']['input']>;
  /** People with a shared Condition of this code. */
  condition?: InputMaybe<Scalars['String']['input']>;
  /** Only this occupation category. */
  occupation?: InputMaybe<OccupationCategory>;
  /** Only this region. */
  region?: InputMaybe<Scalars['String']['input']>;
  /** Only copies of these resource types (all by default). */
  resourceTypes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Only this sex. */
  sex?: InputMaybe<Scalars['String']['input']>;
  /** People with a shared MedicationRequest/MedicationStatement/MedicationAdministration/Procedure of this code. */
  treatment?: InputMaybe<Scalars['String']['input']>;
};

/** Whether a named contact accepted the role. */
export type EmergencyContactStatus =
  | 'ACCEPTED'
  | 'DECLINED'
  | 'PENDING';

/** A contact's answer to an emergency request. */
export type EmergencyDecision =
  | 'CONFIRM'
  | 'DENY';

/** What a notification tells. */
export type EmergencyNotificationKind =
  /** The glass was broken: two practitioners opened the patient's emergency records without the contacts (see `contract`). */
  | 'BREAK_GLASS'
  /** A doctor asks the contact to confirm emergency access. */
  | 'REQUEST';

/** Where an emergency request is. */
export type EmergencyRequestStatus =
  /** The contract was closed by the doctor or the patient. */
  | 'CLOSED'
  /** M distinct contacts confirmed: an aid contract is in force (until its time box ends or it is closed). */
  | 'CONTRACTED'
  /** Waiting for contacts to confirm. */
  | 'OPEN';

/** Where a patient's enrolment in a plan is. */
export type EnrolmentStatus =
  | 'COMPLETED'
  | 'FAILED'
  | 'IN_PROGRESS';

/** Where an out-of-hospital request is. */
export type FieldRequestStatus =
  /** A hospital accepted: it holds the aid contract. */
  | 'ACCEPTED'
  /** Every ring timed out without acceptance. */
  | 'UNANSWERED'
  /** Offered to the rings reached so far, waiting for a hospital to accept. */
  | 'WAITING';

/** A grant to sign: the patient and the root rule. */
export type GrantInput = {
  /** The patient granting (the caller). */
  patientId: Scalars['ID']['input'];
  /** The root rule; it must name at least one grantee. */
  provision: ProvisionInput;
};

/** Whether a grant is in force. */
export type GrantStatus =
  | 'ACTIVE'
  | 'REVOKED';

/** Who a rule is about: a practitioner, an organization (its staff and API keys), a role (by name) or one account. */
export type GranteeInput = {
  /** Practitioner, organization or account id (not for ROLE). */
  id?: InputMaybe<Scalars['ID']['input']>;
  /** What kind of grantee. */
  kind: GranteeKind;
  /** A Role name, for ROLE (PRACTITIONER, RESEARCHER, INSURER, …). */
  role?: InputMaybe<Scalars['String']['input']>;
};

/** What a grantee is. */
export type GranteeKind =
  | 'ACCOUNT'
  | 'ORGANIZATION'
  | 'PRACTITIONER'
  | 'ROLE';

/** The grade of a health score. */
export type HealthGrade =
  | 'A'
  | 'B'
  | 'C'
  | 'D'
  | 'E';

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

/** Where an import or export job is. */
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

/** How an ingredient of a prescribed drug was found. */
export type IngredientBasis =
  /** The RxNorm code on the record is the ingredient itself. */
  | 'CODED'
  /** Read from the coding's display text because no mapping knows the code: a guess to verify. */
  | 'DISPLAY_NAME'
  /** The shipped RxNorm product → ingredient mapping (src/core/health/clinical/rxnorm-products.ts, with its source and date). */
  | 'RXNORM_MAPPING';

/** An insurer's adherence programme. */
export type InsurancePlanInput = {
  /** Most tokens the plan pays per bill (default 0). */
  coverageLimitPerClaim?: InputMaybe<Scalars['Int']['input']>;
  /** Percent of a bill the plan pays (default 0). */
  coveragePercent?: InputMaybe<Scalars['Int']['input']>;
  /** Consecutive days needed (default 30). */
  days?: InputMaybe<Scalars['Int']['input']>;
  /** Medication adherence needed, percent (default 80). */
  minAdherencePercent?: InputMaybe<Scalars['Int']['input']>;
  /** Daily steps needed (default 8,000). */
  minDailySteps?: InputMaybe<Scalars['Int']['input']>;
  /** The plan's name. */
  name: Scalars['String']['input'];
  /** Tokens paid on completion. */
  reward: Scalars['Int']['input'];
};

/** How serious a drug interaction is. */
export type InteractionSeverity =
  | 'MAJOR'
  | 'MINOR'
  | 'MODERATE';

/** Whether a signed block covers a ledger entry yet. */
export type LedgerEntryStatus =
  /** Appended and durable, but no signed block covers it yet (blocks are sealed about every second). */
  | 'PENDING'
  /** A signed block covers it: `block` and `inclusionProof` let anyone check it offline. */
  | 'SEALED';

/** How prescription monitoring groups by time. */
export type MonitoringPeriod =
  | 'MONTH'
  | 'QUARTER'
  | 'YEAR';

/** A patient's place in a sharing network. */
export type NetworkMembership =
  | 'INVITED'
  | 'MEMBER';

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

/** An identifier to set. */
export type PatientIdentifierInput = {
  /** The identifier's namespace (a URI). */
  system?: InputMaybe<Scalars['String']['input']>;
  /** The identifier's type as text (e.g. Medical Record Number). */
  type?: InputMaybe<Scalars['String']['input']>;
  /** The identifier. */
  value: Scalars['String']['input'];
};

/** What a staff look-up asks: `mrn`, or `family` and `birthDate` together. */
export type PatientLookupInput = {
  /** YYYY-MM-DD */
  birthDate?: InputMaybe<Scalars['String']['input']>;
  /** Family name (case and accents ignored). */
  family?: InputMaybe<Scalars['String']['input']>;
  /** Given name (case and accents ignored). */
  given?: InputMaybe<Scalars['String']['input']>;
  /** The hospital's own patient identifier (MRN), as its import carried it. */
  mrn?: InputMaybe<Scalars['String']['input']>;
  /** The identifier system of `mrn`; any system when absent. */
  mrnSystem?: InputMaybe<Scalars['String']['input']>;
  /** The hospital looked up for; default the caller's only one. */
  organizationId?: InputMaybe<Scalars['ID']['input']>;
};

/** A time span; either end may be open. */
export type PeriodInput = {
  /** Exclusive. */
  end?: InputMaybe<Scalars['DateTime']['input']>;
  /** Inclusive start; open when omitted. */
  start?: InputMaybe<Scalars['DateTime']['input']>;
};

/** A name to set. */
export type PersonNameInput = {
  /** The family name. */
  family?: InputMaybe<Scalars['String']['input']>;
  /** Given names, in order. */
  given?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The full name as text. */
  text?: InputMaybe<Scalars['String']['input']>;
};

/** An address to set. */
export type PostalAddressInput = {
  /** City. */
  city?: InputMaybe<Scalars['String']['input']>;
  /** Country. */
  country?: InputMaybe<Scalars['String']['input']>;
  /** District or county. */
  district?: InputMaybe<Scalars['String']['input']>;
  /** Street lines. */
  line?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Postal code. */
  postalCode?: InputMaybe<Scalars['String']['input']>;
  /** State or province. */
  state?: InputMaybe<Scalars['String']['input']>;
  /** The address as text. */
  text?: InputMaybe<Scalars['String']['input']>;
};

/** One rule (FHIR R4 Consent.provision). Unset criteria match anything; nested rules are exceptions within it. */
export type ProvisionInput = {
  /** Who the rule is about (any one); anyone when omitted (only nested rules may omit it). */
  actors?: InputMaybe<Array<GranteeInput>>;
  /** `system|code` codes or categories. */
  codes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Only records whose clinical date lies in this period. */
  dataPeriod?: InputMaybe<PeriodInput>;
  /** When the rule is in force; on the root rule, when the grant is valid. */
  period?: InputMaybe<PeriodInput>;
  /** Exceptions within this rule (the opposite type, narrower criteria). */
  provisions?: InputMaybe<Array<ProvisionInput>>;
  /** Purposes of use the rule covers; any when omitted. */
  purposes?: InputMaybe<Array<PurposeOfUse>>;
  /** Only these records. */
  recordIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** FHIR resource types (Observation, Condition, …). */
  resourceTypes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Permit or deny. */
  type: ProvisionType;
};

/** Whether a rule permits or denies. */
export type ProvisionType =
  | 'DENY'
  | 'PERMIT';

/**
 * Why the caller reads (HL7 v3 ActReason purpose-of-use codes). Every record read names one; a grant covers
 * only the purposes it lists.
 */
export type PurposeOfUse =
  /** Emergency treatment under an aid contract (time-boxed): allergies, conditions, medications, blood type, recent encounters; basic info identifiers, name, sex, birth date. */
  | 'ETREAT'
  /** Health-care operations (a hospital's prescription monitoring, logged per patient); no basic info. */
  | 'HOPERAT'
  /** Payment (insurers, billing): the records a grant covers; basic info identifiers, name, birth date, address. */
  | 'HPAYMT'
  /** Research: the records a grant covers (shared research copies are de-identified separately); basic info sex and ethnicity only. */
  | 'HRESEARCH'
  /** At the patient's request: the records a grant covers; no basic info. */
  | 'PATRQT'
  /** Public health: the records a grant covers; basic info sex and ethnicity only. */
  | 'PUBHLTH'
  /** Treatment: the records a grant covers; basic info identifiers, name, sex, birth date, ethnicity. */
  | 'TREAT';

/** The quasi-identifiers k-anonymity is enforced over. */
export type QuasiIdentifier =
  | 'AGE_BAND'
  | 'OCCUPATION'
  | 'REGION'
  | 'SEX';

/** A new hospital or care organization. */
export type RegisterOrganizationInput = {
  /** Degrees north, for emergency routing (with longitude). */
  latitude?: InputMaybe<Scalars['Float']['input']>;
  /** Degrees east, for emergency routing (with latitude). */
  longitude?: InputMaybe<Scalars['Float']['input']>;
  /** The organization's name (1–200 characters). */
  name: Scalars['String']['input'];
};

/** A practitioner a hospital admin registers. */
export type RegisterPractitionerInput = {
  /** Wallet address of the practitioner's account (they sign in once first). */
  address: Scalars['String']['input'];
  /** The practitioner's name. */
  name: Scalars['String']['input'];
  /** The hospital (the caller administers it). */
  organizationId: Scalars['ID']['input'];
};

/** Where a research share request is. */
export type ResearchShareRequestStatus =
  | 'DECLINED'
  | 'OPEN'
  | 'SHARED';

/**
 * A patient's review of a finished visit. The Encounter record must have `status` finished and name the doctor
 * as `participant[].individual` = `{ "reference": "Practitioner/<practitioner id>" }`; the hospital is the
 * practitioner's organization (an Encounter's `serviceProvider` = `Organization/<id>` is what bills rely on).
 */
export type ReviewEncounterInput = {
  /** The doctor's attitude, 1 (worst) to 5 (best). */
  attitude: Scalars['Int']['input'];
  /** An optional comment (at most 2,000 characters). */
  comment?: InputMaybe<Scalars['String']['input']>;
  /** The Encounter record (status finished, a `participant[].individual` reference `Practitioner/<id>`). */
  encounterId: Scalars['ID']['input'];
  /** The treatment's outcome, 1 (worst) to 5 (best). */
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
  /** Verifies and suspends organizations (a health authority); granted by an operator. */
  | 'REGULATOR'
  | 'RESEARCHER';

/** One structured answer of a self-report. */
export type SelfReportAnswerInput = {
  /** The question (1–500 characters). */
  question: Scalars['String']['input'];
  /** A yes/no answer. */
  valueBoolean?: InputMaybe<Scalars['Boolean']['input']>;
  /** A numeric answer. */
  valueNumber?: InputMaybe<Scalars['Float']['input']>;
  /** Exactly one value. */
  valueString?: InputMaybe<Scalars['String']['input']>;
};

/** A self-report the patient writes. */
export type SelfReportInput = {
  /** Structured answers, if any. */
  answers?: InputMaybe<Array<SelfReportAnswerInput>>;
  /** When it is about (default now; not in the future). */
  at?: InputMaybe<Scalars['DateTime']['input']>;
  /** Which kind of self-report. */
  kind: SelfReportKind;
  /** An earlier self-report of the patient's to amend (its next version); omitted: a new one. */
  recordId?: InputMaybe<Scalars['ID']['input']>;
  /** 0 (worst) … 10 (best). */
  score?: InputMaybe<Scalars['Int']['input']>;
  /** What the patient reports, describes or evaluates (1–4,000 characters). */
  text: Scalars['String']['input'];
};

/** What a self-report is. */
export type SelfReportKind =
  | 'CONDITION_DESCRIPTION'
  | 'SELF_EVALUATION'
  | 'SYMPTOMS';

/** A private sharing network a doctor creates. */
export type SharingNetworkInput = {
  /** Members' age band, if the network has one (e.g. 30-39). */
  ageBand?: InputMaybe<Scalars['String']['input']>;
  /** The disease (Condition code) members share. */
  condition: Scalars['String']['input'];
  /** The network's name (1–200 characters). */
  name: Scalars['String']['input'];
  /** Members' occupation category, if the network has one. */
  occupation?: InputMaybe<OccupationCategory>;
};

/** A standard price an admin sets for their hospital's region. */
export type StandardPriceInput = {
  /** ISO 4217 currency (three capital letters). */
  currency: Scalars['String']['input'];
  /** The hospital whose region's table is updated (the caller administers it). */
  organizationId: Scalars['ID']['input'];
  /** The RxNorm code of the drug. */
  rxnorm: Scalars['String']['input'];
  /** Price of one dose unit (> 0). */
  unitPrice: Scalars['Float']['input'];
};

/** A bulk import of FHIR records by a hospital. */
export type StartImportInput = {
  /** The hospital importing (the API key's or the admin's). */
  organizationId: Scalars['ID']['input'];
  /** Files or folders relative to the server's import root (MEDLEDGER_IMPORT_ROOT, default <data>/import-inbox). */
  paths?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The document itself (within the 1 MiB request limit), instead of paths. */
  upload?: InputMaybe<Scalars['String']['input']>;
  /** The format of the upload (FHIR Bundle or NDJSON). */
  uploadFormat?: InputMaybe<ImportUploadFormat>;
};

/** What a token move did to one account. */
export type TokenMoveKind =
  | 'BURN'
  | 'MINT'
  | 'TRANSFER';

/** Whether an organization is trusted as a hospital. */
export type VerificationStatus =
  /** Suspended by an operator or a REGULATOR: loses every hospital privilege from the next request. */
  | 'SUSPENDED'
  /** Registered, not yet verified: its staff cannot use emergency access, break-glass, billing or organization-wide grants. */
  | 'UNVERIFIED'
  /** Verified by an operator or a REGULATOR: trusted as a hospital. */
  | 'VERIFIED';

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