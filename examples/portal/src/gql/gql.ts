/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation PortalChallenge($address: String!) { siweChallenge(address: $address) { message } }\n": typeof types.PortalChallengeDocument,
    "\n  mutation PortalSignIn($message: String!, $signature: String!) {\n    signIn(message: $message, signature: $signature) { token expiresAt refreshableUntil account { id address } }\n  }\n": typeof types.PortalSignInDocument,
    "\n  query PortalMe { me { id address patient { id } } }\n": typeof types.PortalMeDocument,
    "\n  mutation PortalRefresh { refreshSession { token expiresAt } }\n": typeof types.PortalRefreshDocument,
    "\n  mutation PortalRegister { registerPatient { id } }\n": typeof types.PortalRegisterDocument,
    "\n  query PortalRecords($patient: ID!) {\n    patient(id: $patient) {\n      records(first: 20) {\n        totalCount\n        edges {\n          node {\n            id version resourceType effective\n            anchor {\n              entryIndex cid entry leafHash inclusionProof\n              block { height prevHash treeSize root timeMs signer signature }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.PortalRecordsDocument,
    "\n  query PortalGrants($patient: ID!) { patient(id: $patient) { grants { id status signer grantedAt revokedAt provision } } }\n": typeof types.PortalGrantsDocument,
    "\n  query PortalAccessLog($patient: ID!) { patient(id: $patient) { accessLog(first: 30) { entryIndex actor purpose decision time recordIds } } }\n": typeof types.PortalAccessLogDocument,
    "\n  query PortalGrantToSign($input: GrantInput!) { grantToSign(input: $input) { typedData } }\n": typeof types.PortalGrantToSignDocument,
    "\n  mutation PortalGrantConsent($typedData: JSON!, $signature: String!) { grantConsent(typedData: $typedData, signature: $signature) { id status } }\n": typeof types.PortalGrantConsentDocument,
    "\n  query PortalRevocationToSign($grantId: ID!) { revocationToSign(grantId: $grantId) { typedData } }\n": typeof types.PortalRevocationToSignDocument,
    "\n  mutation PortalRevokeGrant($typedData: JSON!, $signature: String!) { revokeGrant(typedData: $typedData, signature: $signature) { id status } }\n": typeof types.PortalRevokeGrantDocument,
};
const documents: Documents = {
    "\n  mutation PortalChallenge($address: String!) { siweChallenge(address: $address) { message } }\n": types.PortalChallengeDocument,
    "\n  mutation PortalSignIn($message: String!, $signature: String!) {\n    signIn(message: $message, signature: $signature) { token expiresAt refreshableUntil account { id address } }\n  }\n": types.PortalSignInDocument,
    "\n  query PortalMe { me { id address patient { id } } }\n": types.PortalMeDocument,
    "\n  mutation PortalRefresh { refreshSession { token expiresAt } }\n": types.PortalRefreshDocument,
    "\n  mutation PortalRegister { registerPatient { id } }\n": types.PortalRegisterDocument,
    "\n  query PortalRecords($patient: ID!) {\n    patient(id: $patient) {\n      records(first: 20) {\n        totalCount\n        edges {\n          node {\n            id version resourceType effective\n            anchor {\n              entryIndex cid entry leafHash inclusionProof\n              block { height prevHash treeSize root timeMs signer signature }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.PortalRecordsDocument,
    "\n  query PortalGrants($patient: ID!) { patient(id: $patient) { grants { id status signer grantedAt revokedAt provision } } }\n": types.PortalGrantsDocument,
    "\n  query PortalAccessLog($patient: ID!) { patient(id: $patient) { accessLog(first: 30) { entryIndex actor purpose decision time recordIds } } }\n": types.PortalAccessLogDocument,
    "\n  query PortalGrantToSign($input: GrantInput!) { grantToSign(input: $input) { typedData } }\n": types.PortalGrantToSignDocument,
    "\n  mutation PortalGrantConsent($typedData: JSON!, $signature: String!) { grantConsent(typedData: $typedData, signature: $signature) { id status } }\n": types.PortalGrantConsentDocument,
    "\n  query PortalRevocationToSign($grantId: ID!) { revocationToSign(grantId: $grantId) { typedData } }\n": types.PortalRevocationToSignDocument,
    "\n  mutation PortalRevokeGrant($typedData: JSON!, $signature: String!) { revokeGrant(typedData: $typedData, signature: $signature) { id status } }\n": types.PortalRevokeGrantDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalChallenge($address: String!) { siweChallenge(address: $address) { message } }\n"): typeof import('./graphql').PortalChallengeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalSignIn($message: String!, $signature: String!) {\n    signIn(message: $message, signature: $signature) { token expiresAt refreshableUntil account { id address } }\n  }\n"): typeof import('./graphql').PortalSignInDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalMe { me { id address patient { id } } }\n"): typeof import('./graphql').PortalMeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalRefresh { refreshSession { token expiresAt } }\n"): typeof import('./graphql').PortalRefreshDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalRegister { registerPatient { id } }\n"): typeof import('./graphql').PortalRegisterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalRecords($patient: ID!) {\n    patient(id: $patient) {\n      records(first: 20) {\n        totalCount\n        edges {\n          node {\n            id version resourceType effective\n            anchor {\n              entryIndex cid entry leafHash inclusionProof\n              block { height prevHash treeSize root timeMs signer signature }\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PortalRecordsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalGrants($patient: ID!) { patient(id: $patient) { grants { id status signer grantedAt revokedAt provision } } }\n"): typeof import('./graphql').PortalGrantsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalAccessLog($patient: ID!) { patient(id: $patient) { accessLog(first: 30) { entryIndex actor purpose decision time recordIds } } }\n"): typeof import('./graphql').PortalAccessLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalGrantToSign($input: GrantInput!) { grantToSign(input: $input) { typedData } }\n"): typeof import('./graphql').PortalGrantToSignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalGrantConsent($typedData: JSON!, $signature: String!) { grantConsent(typedData: $typedData, signature: $signature) { id status } }\n"): typeof import('./graphql').PortalGrantConsentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalRevocationToSign($grantId: ID!) { revocationToSign(grantId: $grantId) { typedData } }\n"): typeof import('./graphql').PortalRevocationToSignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalRevokeGrant($typedData: JSON!, $signature: String!) { revokeGrant(typedData: $typedData, signature: $signature) { id status } }\n"): typeof import('./graphql').PortalRevokeGrantDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
