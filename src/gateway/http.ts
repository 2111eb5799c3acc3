import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { HeaderMap } from '@apollo/server'
import type { ApolloServer, BaseContext, HTTPGraphQLRequest } from '@apollo/server'
import { GraphQLError } from 'graphql'
import type { GraphQLFormattedError } from 'graphql'
import { MedledgerError } from '../core/errors.ts'
import { formatError } from '../subgraphs/errors.ts'
import { GRAPHIQL_ASSET_PREFIX, GRAPHIQL_CSP } from './graphiql/assets.ts'
import type { GraphiqlBundle } from './graphiql/assets.ts'

/** Request bodies above this many bytes get 413 (1 MiB): far above any sane GraphQL document. */
export const MAX_BODY_BYTES = 1024 * 1024

/** The path every server here answers GraphQL on. */
export const GRAPHQL_PATH = '/graphql'

export interface GraphQLListenerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>
  /**
   * The request's context, built before the body is read or anything executes. A MedledgerError
   * UNAUTHENTICATED refuses the request with 401; any other failure is a masked 500.
   */
  context: (req: IncomingMessage) => Promise<TContext>
  maxBodyBytes?: number
  /**
   * GraphiQL, served to a GET of the GraphQL path that asks for HTML or carries no query, with its assets
   * under /graphiql/; without it such requests get the JSON API.
   */
  graphiql?: GraphiqlBundle
}

/**
 * A node:http request listener in front of an Apollo Server: `POST|GET /graphql` with a body limit (413),
 * clean 400 for malformed JSON, 401 before execution when the context refuses, `GET /health`, and GraphiQL
 * (offline, from node_modules) for browsers and for a bare `GET /graphql`. Apollo's own landing page stays
 * disabled (it loads from a CDN).
 */
export function graphqlListener<TContext extends BaseContext> (options: GraphQLListenerOptions<TContext>): RequestListener {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES
  return (req, res) => {
    handle(options, maxBodyBytes, req, res).catch((err: unknown) => {
      if (!res.headersSent) sendErrors(res, 500, [formatError(toFormatted(err), err)])
      else res.destroy()
    })
  }
}

async function handle<TContext extends BaseContext> (options: GraphQLListenerOptions<TContext>, maxBodyBytes: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/'
  const q = url.indexOf('?')
  const path = q === -1 ? url : url.slice(0, q)
  const method = req.method ?? 'GET'
  if (path === '/health' && method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n')
    return
  }
  if (options.graphiql !== undefined && path.startsWith(GRAPHIQL_ASSET_PREFIX) && (method === 'GET' || method === 'HEAD')) {
    const asset = await options.graphiql.asset(path.slice(GRAPHIQL_ASSET_PREFIX.length))
    if (asset === undefined) return sendErrors(res, 404, [{ message: 'no such GraphiQL asset', extensions: { code: 'NOT_FOUND' } }])
    res.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' }).end(method === 'HEAD' ? undefined : asset.body)
    return
  }
  if (path !== GRAPHQL_PATH) return sendErrors(res, 404, [{ message: `not found; GraphQL is served at ${GRAPHQL_PATH}`, extensions: { code: 'NOT_FOUND' } }])
  if (method !== 'GET' && method !== 'POST') {
    res.setHeader('allow', 'GET, POST')
    return sendErrors(res, 405, [{ message: 'use GET or POST', extensions: { code: 'BAD_REQUEST' } }])
  }
  if (method === 'GET' && options.graphiql !== undefined && (prefersHtml(req) || !carriesOperation(url, q))) {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      // Everything the page loads comes from this server, and it may only call this server.
      'content-security-policy': GRAPHIQL_CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache'
    }).end(options.graphiql.html)
    return
  }
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > maxBodyBytes) return tooLarge(res, maxBodyBytes)

  let context: TContext
  try {
    context = await options.context(req)
  } catch (err) {
    if (err instanceof MedledgerError && err.code === 'UNAUTHENTICATED') {
      res.setHeader('www-authenticate', 'Bearer')
      return sendErrors(res, 401, [formatError(toFormatted(err), err)])
    }
    throw err
  }

  let body: unknown
  if (method === 'POST') {
    const raw = await readBody(req, maxBodyBytes)
    if (raw === undefined) return tooLarge(res, maxBodyBytes)
    if (isJson(req.headers['content-type'])) {
      try {
        body = JSON.parse(raw)
      } catch {
        return sendErrors(res, 400, [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }])
      }
    } else {
      body = raw
    }
  }
  const headers = new HeaderMap()
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value)
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = { method, headers, search: q === -1 ? '' : url.slice(q), body }
  const response = await options.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => context })
  for (const [key, value] of response.headers) res.setHeader(key, value)
  res.statusCode = response.status ?? 200
  if (response.body.kind === 'complete') {
    res.end(response.body.string)
    return
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk)
  res.end()
}

/** The body as text, or undefined once it passes `limit` bytes (the rest is discarded). */
async function readBody (req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) {
      req.resume()
      return undefined
    }
    chunks.push(chunk)
  }
  return chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')
}

/** 413 at once; node:http discards whatever of the body is still arriving and keeps the connection. */
function tooLarge (res: ServerResponse, limit: number): void {
  sendErrors(res, 413, [{ message: `request body larger than ${limit} bytes`, extensions: { code: 'BAD_REQUEST' } }])
}

function isJson (contentType: string | undefined): boolean {
  if (contentType === undefined) return false
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase()
  return type === 'application/json' || type.endsWith('+json')
}

/** True when a browser asks for a page: text/html listed in Accept before any JSON type. */
function prefersHtml (req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? ''
  const html = accept.indexOf('text/html')
  if (html === -1) return false
  const json = accept.search(/application\/(graphql-response\+)?json/)
  return json === -1 || html < json
}

/** True when a GET names an operation (`query=` or a persisted query's `extensions=`): the API, not the page. */
function carriesOperation (url: string, q: number): boolean {
  if (q === -1) return false
  const params = new URLSearchParams(url.slice(q + 1))
  return params.has('query') || params.has('extensions')
}

/** Writes a GraphQL-shaped error response: `{ errors: [...] }` as JSON. */
export function sendErrors (res: ServerResponse, status: number, errors: readonly GraphQLFormattedError[]): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ errors }))
}

function toFormatted (err: unknown): GraphQLFormattedError {
  return err instanceof GraphQLError ? err.toJSON() : { message: err instanceof Error ? err.message : String(err) }
}
