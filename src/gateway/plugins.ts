import { HeaderMap } from '@apollo/server'
import type { ApolloServerPlugin, BaseContext } from '@apollo/server'
import { Kind, OperationTypeNode } from 'graphql'
import type { GatewayContext } from './data-sources.ts'
import { ANONYMOUS_OPERATIONS } from './rate-limit.ts'
import type { RateLimiter } from './rate-limit.ts'
import { GraphQLError } from 'graphql'

/**
 * Refuses a request whose `operationName` names no operation in the document (or that omits it for a
 * document with several) with 400 `OPERATION_RESOLUTION_FAILURE`. Apollo Server does this for a plain
 * schema, but with a gateway the planner throws instead, which would surface as a masked 500.
 */
export function ApolloServerPluginRequireOperation (): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart () {
      return {
        async didResolveOperation ({ operation, request }) {
          if (operation !== undefined) return
          const message = request.operationName === undefined || request.operationName === null
            ? 'the document holds several operations: name the one to run in operationName'
            : `unknown operation named "${request.operationName}"`
          throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } })
        }
      }
    }
  }
}

/**
 * Spends from the anonymous rate-limit bucket for an operation that calls an unauthenticated root field
 * (siweChallenge, signIn) on a request that carries an Authorization header — without a header the request
 * already spent from it before its body was read. Over the limit: 429 RATE_LIMITED with `retry-after`.
 */
export function ApolloServerPluginAnonymousOperations (limiter: RateLimiter): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart () {
      return {
        async didResolveOperation ({ operation, contextValue }) {
          if (operation === undefined || !contextValue.authorized || operation.operation !== OperationTypeNode.MUTATION) return
          const calls = operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && ANONYMOUS_OPERATIONS.has(s.name.value))
          if (!calls) return
          const wait = limiter.anonymousOperation(contextValue.client)
          if (wait === 0) return
          const headers = new HeaderMap([['retry-after', String(wait)]])
          throw new GraphQLError(`too many requests; retry in ${wait} s`, { extensions: { code: 'RATE_LIMITED', retryAfter: wait, http: { status: 429, headers } } })
        }
      }
    }
  }
}
