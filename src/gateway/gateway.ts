import { randomUUID } from 'node:crypto'
import { ApolloGateway } from '@apollo/gateway'
import type { GraphQLDataSource } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled'
import type { Services } from '../subgraphs/context.ts'
import { formatError } from '../subgraphs/errors.ts'
import { loadSubgraph, loadViewerResolver } from '../subgraphs/registry.ts'
import type { ViewerResolver } from '../subgraphs/registry.ts'
import type { SubgraphModule } from '../subgraphs/subgraph.ts'
import { SUBGRAPH_NAMES, readSupergraph } from './compose.ts'
import type { SubgraphName } from './compose.ts'
import { InProcessDataSource, gatewayContext, remoteDataSource } from './data-sources.ts'
import type { GatewayContext } from './data-sources.ts'
import { graphqlListener, sendErrors } from './http.ts'
import { clientOf, rateLimiter, rateLimitsFromEnv } from './rate-limit.ts'
import type { RateLimits } from './rate-limit.ts'
import { FHIR_PREFIX, fhirListener } from './fhir-routes.ts'
import { IPFS_PREFIX, ipfsListener } from './ipfs-routes.ts'
import { LEDGER_PREFIX, ledgerListener } from './ledger-routes.ts'
import type { RequestListener } from 'node:http'
import { limitOptions, withoutSuggestions } from './limits.ts'
import { ApolloServerPluginAnonymousOperations, ApolloServerPluginRequireOperation } from './plugins.ts'
import { listen } from './listen.ts'
import { applyCors, corsPolicy, corsPolicyFromEnv } from './cors.ts'
import { loadGraphiql } from './graphiql/assets.ts'
import type { RunningServer } from './listen.ts'
import { subgraphSchema } from './subgraph-server.ts'

export interface GatewayOptions {
  /** Used to resolve callers and sign the internal header; owned by the caller (stop() leaves it open). */
  services: Services
  /** Subgraphs served by other processes; every other subgraph runs in this process. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>
  /** Modules for in-process subgraphs; missing ones come from the registry (src/subgraphs/<name>). */
  subgraphs?: Partial<Record<SubgraphName, SubgraphModule>>
  /** Who is asking, from the Authorization header; default: the identity subgraph's resolveViewer. */
  resolveViewer?: ViewerResolver
  /** Default 4000; 0 picks a free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Introspection and field suggestions off; default `NODE_ENV === 'production'`. */
  production?: boolean
  /** Default 1 MiB; larger bodies get 413. */
  maxBodyBytes?: number
  /**
   * Browser origins allowed to call the API (see cors.ts); default from `MEDLEDGER_CORS_ORIGINS`, else none
   * in production and localhost on any port in development.
   */
  corsOrigins?: readonly string[]
  /** Requests per client address; default from `MEDLEDGER_RATE_LIMIT` (rate-limit.ts); false for none. */
  rateLimits?: RateLimits | false
}

/** Apollo's info logs ("gateway loaded schema") are noise for a CLI; warnings and errors still show. */
const quietLogger: ApolloServer['logger'] = { debug () {}, info () {}, warn: (m) => console.warn(m), error: (m) => console.error(m) }

/**
 * Starts the GraphQL gateway on the checked-in supergraph: `POST|GET /graphql`, GraphiQL (offline) for
 * browsers, CORS for the allowed origins, limits on depth, aliases, cost and tokens. Each subgraph is either remote (a URL in
 * `subgraphUrls`) or in-process; both receive the caller only through the signed `x-medledger-context`.
 * @throws TypeError for an unknown subgraph name in `subgraphUrls` / `subgraphs`
 * @throws RangeError for a malformed `MEDLEDGER_RATE_LIMIT`
 * @throws TypeError for a malformed CORS origin (`corsOrigins` / `MEDLEDGER_CORS_ORIGINS`)
 * @throws Error when a needed subgraph module cannot be loaded or the port cannot be bound
 */
export async function createGateway (options: GatewayOptions): Promise<RunningServer> {
  const { services } = options
  const urls = options.subgraphUrls ?? {}
  for (const name of [...Object.keys(urls), ...Object.keys(options.subgraphs ?? {})]) {
    if (!(SUBGRAPH_NAMES as readonly string[]).includes(name)) throw new TypeError(`unknown subgraph '${name}'; expected one of ${SUBGRAPH_NAMES.join(', ')}`)
  }
  const production = options.production ?? process.env.NODE_ENV === 'production'
  const resolveViewer = options.resolveViewer ?? await loadViewerResolver()
  const cors = options.corsOrigins === undefined ? corsPolicyFromEnv(production) : corsPolicy(options.corsOrigins)
  const rateLimits = options.rateLimits === undefined ? rateLimitsFromEnv() : options.rateLimits === false ? undefined : options.rateLimits

  const sources = new Map<string, GraphQLDataSource<GatewayContext>>()
  for (const name of SUBGRAPH_NAMES) {
    const url = urls[name]
    if (url !== undefined) {
      sources.set(name, remoteDataSource(url))
    } else {
      const module = options.subgraphs?.[name] ?? await loadSubgraph(name)
      sources.set(name, new InProcessDataSource(subgraphSchema(module), services))
    }
  }
  const gateway = new ApolloGateway({
    supergraphSdl: readSupergraph(),
    logger: quietLogger,
    buildService: ({ name }) => {
      const source = sources.get(name)
      if (source === undefined) throw new TypeError(`the supergraph names subgraph '${name}' that medledger does not know`)
      return source
    }
  })
  const limits = limitOptions(production)
  const limiter = rateLimits === undefined ? undefined : rateLimiter(rateLimits)
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: production ? withoutSuggestions(formatError) : formatError,
    logger: quietLogger,
    introspection: !production,
    nodeEnv: production ? 'production' : 'development',
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // The CLI handles SIGINT/SIGTERM (drain, then close services); Apollo's own handler would re-raise them.
    stopOnTerminationSignals: false,
    maxRecursiveSelections: true,
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    plugins: [
      ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), ApolloServerPluginRequireOperation(), ...limits.plugins,
      ...(limiter === undefined ? [] : [ApolloServerPluginAnonymousOperations(limiter)])
    ]
  })
  await apollo.start()
  const graphqlHandler = graphqlListener<GatewayContext>({
    apollo,
    maxBodyBytes: options.maxBodyBytes,
    graphiql: loadGraphiql(),
    async context (req) {
      const viewer = await resolveViewer(services, req.headers.authorization)
      return gatewayContext(services, viewer, randomUUID(), { address: clientOf(req), authorized: req.headers.authorization !== undefined })
    }
  })
  const fhir = fhirListener({ services, resolveViewer })
  const ipfs = ipfsListener({ services, resolveViewer })
  const data = services.data
  const ledgerRoutes = ledgerListener({ services, resolveViewer, log: data?.ledger.log(data.noteSigner.name), noteSigner: data?.noteSigner })
  const listener: RequestListener = (req, res) => {
    if (applyCors(cors, req, res) === 'answered') return
    const wait = limiter?.check(req)
    if (wait !== undefined) {
      res.setHeader('retry-after', String(wait))
      sendErrors(res, 429, [{ message: `too many requests; retry in ${wait} s`, extensions: { code: 'RATE_LIMITED' } }])
      req.resume()
      return
    }
    if ((req.url ?? '').startsWith(FHIR_PREFIX)) fhir(req, res)
    else if ((req.url ?? '').startsWith(LEDGER_PREFIX)) ledgerRoutes(req, res)
    else if ((req.url ?? '').startsWith(IPFS_PREFIX)) ipfs(req, res)
    else graphqlHandler(req, res)
  }
  try {
    return await listen(listener, { port: options.port ?? 4000, host: options.host, cleanup: () => apollo.stop() })
  } catch (err) {
    await apollo.stop()
    throw err
  }
}
