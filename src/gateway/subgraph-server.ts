import { ApolloServer } from '@apollo/server'
import {
  ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled
} from '@apollo/server/plugin/disabled'
import type { Services, SubgraphContext } from '../subgraphs/context.ts'
import { formatError } from '../subgraphs/errors.ts'
import { subgraphSchema } from '../subgraphs/subgraph.ts'
import type { SubgraphModule } from '../subgraphs/subgraph.ts'
import { graphqlListener } from './http.ts'
import { listen } from './listen.ts'
import type { RunningServer } from './listen.ts'

/** The header carrying the gateway's signed context (viewer and request id) to subgraphs. */
export const CONTEXT_HEADER = 'x-medledger-context'

export { subgraphSchema } from '../subgraphs/subgraph.ts'

export interface SubgraphServerOptions {
  module: SubgraphModule
  services: Services
  port?: number
  /** Default 127.0.0.1: a subgraph is an internal service behind the gateway. */
  host?: string
  /** Turns introspection off; default `NODE_ENV === 'production'`. */
  production?: boolean
}

/**
 * Serves one subgraph over HTTP at `/graphql`. Every request must carry the gateway's signed
 * `x-medledger-context` header: without a valid one it is refused with 401 (UNAUTHENTICATED) before
 * anything is parsed or executed.
 * @throws Error when the port cannot be bound or the schema does not build
 */
export async function startSubgraphServer (options: SubgraphServerOptions): Promise<RunningServer> {
  const { services } = options
  const production = options.production ?? process.env.NODE_ENV === 'production'
  const apollo = new ApolloServer<SubgraphContext>({
    schema: subgraphSchema(options.module),
    formatError,
    introspection: !production,
    nodeEnv: production ? 'production' : 'development',
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // The CLI handles SIGINT/SIGTERM (drain, then close services); Apollo's own handler would re-raise them.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled()]
  })
  await apollo.start()
  const listener = graphqlListener<SubgraphContext>({
    apollo,
    async context (req) {
      const header = req.headers[CONTEXT_HEADER]
      const { viewer, requestId } = await services.auth.verifyContext(typeof header === 'string' ? header : undefined)
      return { viewer, requestId, services, loaders: new Map() }
    }
  })
  try {
    return await listen(listener, { port: options.port, host: options.host, cleanup: () => apollo.stop() })
  } catch (err) {
    await apollo.stop()
    throw err
  }
}
