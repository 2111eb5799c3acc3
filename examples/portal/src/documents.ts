// Every operation the portal sends, typed by GraphQL Code Generator's client preset (src/gql/).
import { graphql } from './gql/index.ts'

export const Challenge = graphql(`
  mutation PortalChallenge($address: String!) { siweChallenge(address: $address) { message } }
`)

export const SignIn = graphql(`
  mutation PortalSignIn($message: String!, $signature: String!) {
    signIn(message: $message, signature: $signature) { token expiresAt refreshableUntil account { id address } }
  }
`)

export const Me = graphql(`
  query PortalMe { me { id address patient { id } } }
`)

export const Refresh = graphql(`
  mutation PortalRefresh { refreshSession { token expiresAt } }
`)

export const RegisterPatient = graphql(`
  mutation PortalRegister { registerPatient { id } }
`)

// Three queries rather than one: each stays under the gateway's query cost limit.
export const Records = graphql(`
  query PortalRecords($patient: ID!) {
    patient(id: $patient) {
      records(first: 20) {
        totalCount
        edges {
          node {
            id version resourceType effective
            anchor {
              entryIndex cid entry leafHash inclusionProof
              block { height prevHash treeSize root timeMs signer signature }
            }
          }
        }
      }
    }
  }
`)

export const Grants = graphql(`
  query PortalGrants($patient: ID!) { patient(id: $patient) { grants { id status signer grantedAt revokedAt provision } } }
`)

export const AccessLog = graphql(`
  query PortalAccessLog($patient: ID!) { patient(id: $patient) { accessLog(first: 30) { entryIndex actor purpose decision time recordIds } } }
`)

export const GrantToSign = graphql(`
  query PortalGrantToSign($input: GrantInput!) { grantToSign(input: $input) { typedData } }
`)

export const GrantConsent = graphql(`
  mutation PortalGrantConsent($typedData: JSON!, $signature: String!) { grantConsent(typedData: $typedData, signature: $signature) { id status } }
`)

export const RevocationToSign = graphql(`
  query PortalRevocationToSign($grantId: ID!) { revocationToSign(grantId: $grantId) { typedData } }
`)

export const RevokeGrant = graphql(`
  mutation PortalRevokeGrant($typedData: JSON!, $signature: String!) { revokeGrant(typedData: $typedData, signature: $signature) { id status } }
`)
