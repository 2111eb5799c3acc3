import { RemoteGraphQLDataSource } from '@apollo/gateway'
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface'
import { execute, parse, validate } from 'graphql'
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql'
import { makeError } from '../core/errors.ts'
import type { Services, Viewer } from '../subgraphs/context.ts'
import { formatError } from '../subgraphs/errors.ts'
import { CONTEXT_HEADER } from './subgraph-server.ts'

/** The gateway's per-request context: who asks, and the signed header that tells subgraphs so. */
export interface GatewayContext {
  viewer: Viewer
  requestId: string
  /** The client as the rate limits count it (remote address). */
  client: string
  /** The request carried an Authorization header. */
  authorized: boolean
  /** The signed `x-medledger-context` value for this request, signed once on first use. */
  contextHeader(): Promise<string>
}

/** A GatewayContext for `viewer`; the header is signed lazily and at most once per request. */
export function gatewayContext (services: Services, viewer: Viewer, requestId: string, client: { address: string, authorized: boolean } = { address: 'unknown', authorized: false }): GatewayContext {
  let signed: Promise<string> | undefined
  return { viewer, requestId, client: client.address, authorized: client.authorized, contextHeader: () => (signed ??= services.auth.signContext(viewer, requestId)) }
}

function headerOf (options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<string> {
  // Only incoming operations reach subgraphs: the supergraph is static, so there are no schema loads or health checks.
  if (!('incomingRequestContext' in options)) throw makeError('subgraphs only serve incoming operations', 'FORBIDDEN')
  return options.context.contextHeader()
}

/** A subgraph on another process: each fetch carries the signed context header. */
export function remoteDataSource (url: string): GraphQLDataSource<GatewayContext> {
  return new RemoteGraphQLDataSource<GatewayContext>({
    url,
    fetcher: fetch,
    async willSendRequest (options) {
      options.request.http?.headers.set(CONTEXT_HEADER, await headerOf(options))
    }
  })
}

/** Parsed and validated subgraph operations are kept up to this many (the query planner emits few distinct ones). */
const MAX_DOCUMENTS = 1000

/**
 * A subgraph in the gateway's process: no HTTP hop, but the same trust path as a remote one — the context
 * header is signed and verified, and the subgraph sees only what the header says. Documents the query
 * planner sends are parsed and validated once, then executed directly; errors are formatted exactly as a
 * subgraph server would (typed codes kept, anything else masked).
 */
export class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  readonly #schema: GraphQLSchema
  readonly #services: Services
  readonly #documents = new Map<string, DocumentNode>()

  constructor (schema: GraphQLSchema, services: Services) {
    this.#schema = schema
    this.#services = services
  }

  async process (options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { viewer, requestId } = await this.#services.auth.verifyContext(await headerOf(options))
    const { query, variables, operationName } = options.request
    const document = this.#document(query ?? '')
    if (!('kind' in document)) return { errors: document.errors.map((e) => formatError(e.toJSON(), e)) }
    const result = await execute({
      schema: this.#schema,
      document,
      variableValues: variables,
      operationName,
      contextValue: { viewer, requestId, services: this.#services, loaders: new Map() }
    })
    if (result.errors === undefined) return { data: result.data }
    return { data: result.data, errors: result.errors.map((e) => formatError(e.toJSON(), e)) }
  }

  #document (query: string): DocumentNode | { errors: readonly GraphQLError[] } {
    const cached = this.#documents.get(query)
    if (cached !== undefined) return cached
    let document: DocumentNode
    try {
      document = parse(query)
    } catch (err) {
      return { errors: [err as GraphQLError] }
    }
    const errors = validate(this.#schema, document)
    if (errors.length > 0) return { errors }
    if (this.#documents.size >= MAX_DOCUMENTS) this.#documents.clear()
    this.#documents.set(query, document)
    return document
  }
}
