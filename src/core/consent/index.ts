/** The consent engine (pure): grants, the decision, FHIR R4 Consent mapping and EIP-712 typed data. */
export type * from './types.ts'
export { PURPOSES_OF_USE, CONSENT_ACTIONS, GRANTEE_ROLES } from './types.ts'
export { decide, provisionMatches } from './decide.ts'
export { assertGrant } from './validate.ts'
export { grantFromFhir, grantToFhir } from './fhir.ts'
export { CONSENT_DOMAIN, grantOf, grantTypedData, granteesOf, namedGrantees, parseTypedData, recoverSigner, revocationTypedData, typedDataDigest } from './typed-data.ts'
export type { GranteeVerification, GrantMessage, RevocationMessage, TypedDataRequest } from './typed-data.ts'
export type { ConsentGranted, ConsentRevoked, RecordErased } from './ledger-entries.ts'
