import type { ApolloServerPlugin, BaseContext } from '@apollo/server'
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
