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

export type CampaignStatus =
  /** Goal met by the deadline: funding contract anchored, escrow released to the team. */
  | 'FUNDED'
  /** Taking donations until the deadline. */
  | 'OPEN'
  /** Deadline passed below the goal: every donor refunded exactly. */
  | 'REFUNDED';

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

export type ContraindicationSeverity =
  /** Do not give. */
  | 'ABSOLUTE'
  /** Give only with caution. */
  | 'RELATIVE';

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

export type EmergencyContactStatus =
  | 'ACCEPTED'
  | 'DECLINED'
  | 'PENDING';

export type EmergencyDecision =
  | 'CONFIRM'
  | 'DENY';

export type EmergencyRequestStatus =
  /** The contract was closed by the doctor or the patient. */
  | 'CLOSED'
  /** M distinct contacts confirmed: an aid contract is in force (until its time box ends or it is closed). */
  | 'CONTRACTED'
  /** Waiting for contacts to confirm. */
  | 'OPEN';

export type EnrolmentStatus =
  | 'COMPLETED'
  | 'FAILED'
  | 'IN_PROGRESS';

export type FieldRequestStatus =
  /** A hospital accepted: it holds the aid contract. */
  | 'ACCEPTED'
  /** Every ring timed out without acceptance. */
  | 'UNANSWERED'
  /** Offered to the rings reached so far, waiting for a hospital to accept. */
  | 'WAITING';

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

export type MonitoringPeriod =
  | 'MONTH'
  | 'QUARTER'
  | 'YEAR';

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

export type PeriodInput = {
  /** Exclusive. */
  end?: InputMaybe<Scalars['DateTime']['input']>;
  start?: InputMaybe<Scalars['DateTime']['input']>;
};

export type PersonNameInput = {
  family?: InputMaybe<Scalars['String']['input']>;
  given?: InputMaybe<Array<Scalars['String']['input']>>;
  text?: InputMaybe<Scalars['String']['input']>;
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

/** The quasi-identifiers k-anonymity is enforced over. */
export type QuasiIdentifier =
  | 'AGE_BAND'
  | 'OCCUPATION'
  | 'REGION'
  | 'SEX';

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

export type ResearchShareRequestStatus =
  | 'DECLINED'
  | 'OPEN'
  | 'SHARED';

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

export type SharingNetworkInput = {
  ageBand?: InputMaybe<Scalars['String']['input']>;
  /** The disease (Condition code) members share. */
  condition: Scalars['String']['input'];
  name: Scalars['String']['input'];
  occupation?: InputMaybe<OccupationCategory>;
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

/** What a token move did to one account. */
export type TokenMoveKind =
  | 'BURN'
  | 'MINT'
  | 'TRANSFER';

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