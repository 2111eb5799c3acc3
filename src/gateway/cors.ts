/**
 * Cross-origin access for browser apps (Fetch standard, "CORS protocol"): an allow-list of exact origins.
 * A request whose `Origin` is neither this server's own nor on the list is refused with 403 before anything
 * runs; an allowed one gets `Access-Control-Allow-Origin` naming it (never `*`), and its preflight is answered
 * here. CSRF protection stays as it was: Apollo's `csrfPrevention` still refuses simple (non-preflighted)
 * GraphQL requests, and a form post from a listed origin still needs a preflight-forcing header.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** The allowed origins; `matches` decides one `Origin` header value. */
export interface CorsPolicy {
  /** What the policy allows, for logs and docs: exact origins and `http://localhost:*`-style patterns. */
  readonly origins: readonly string[]
  matches(origin: string): boolean
}

/** Development default: any port on the loopback names (Vite 5173, CRA 3000, the portal …). */
export const DEV_CORS_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'] as const

/** Methods a preflight may ask for. */
const METHODS = 'GET, POST, DELETE, OPTIONS'
/** Request headers a browser app sends: auth, JSON, Apollo's CSRF header, GraphQL-over-HTTP's operation name. */
const ALLOWED_HEADERS = 'authorization, content-type, accept, apollo-require-preflight, x-apollo-operation-name, graphql-client-name'
/** Response headers a browser app may read besides the CORS-safelisted ones. */
const EXPOSED_HEADERS = 'retry-after, content-location, x-progress, www-authenticate'
/** How long a browser may cache a preflight answer (seconds). */
const MAX_AGE = '600'

/**
 * A policy from a list: each item an exact origin (`https://portal.example.org`) or a scheme and host with
 * any port (`http://localhost:*`).
 * @throws TypeError for an item that is not an origin: a path, a wildcard host, `*`, `null`
 */
export function corsPolicy (origins: readonly string[]): CorsPolicy {
  const exact = new Set<string>()
  const anyPort: string[] = []
  for (const raw of origins) {
    const item = raw.trim().replace(/\/$/, '')
    if (item.endsWith(':*')) {
      const base = item.slice(0, -2)
      if (!isOrigin(base)) throw new TypeError(`CORS origin pattern '${raw}' must be scheme://host:*`)
      anyPort.push(base.toLowerCase())
    } else {
      if (!isOrigin(item)) throw new TypeError(`CORS origin '${raw}' must be scheme://host[:port] with nothing after it`)
      exact.add(new URL(item).origin)
    }
  }
  return {
    origins: [...exact, ...anyPort.map((b) => `${b}:*`)],
    matches (origin) {
      if (exact.has(origin)) return true
      const colon = origin.lastIndexOf(':')
      return colon > origin.indexOf('//') && /^:\d{1,5}$/.test(origin.slice(colon)) && anyPort.includes(origin.slice(0, colon))
    }
  }
}

/**
 * The policy of `MEDLEDGER_CORS_ORIGINS` (comma-separated origins, see {@link corsPolicy}); unset means
 * none in production and {@link DEV_CORS_ORIGINS} in development. An empty value allows none.
 * @throws TypeError for a malformed item
 */
export function corsPolicyFromEnv (production: boolean, env: Record<string, string | undefined> = process.env): CorsPolicy {
  const value = env.MEDLEDGER_CORS_ORIGINS
  if (value === undefined) return corsPolicy(production ? [] : DEV_CORS_ORIGINS)
  return corsPolicy(value.split(',').map((s) => s.trim()).filter((s) => s.length > 0))
}

function isOrigin (s: string): boolean {
  if (!URL.canParse(s)) return false
  const url = new URL(s)
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === s.toLowerCase() && !url.hostname.includes('*')
}

/** What {@link applyCors} did: `next` means the request goes on to its handler. */
export type CorsOutcome = 'next' | 'answered'

/**
 * Applies the policy to one request. Same-origin requests and those without `Origin` (curl, servers) pass
 * untouched. A listed origin gets the allow headers, and its preflight (`OPTIONS` with
 * `Access-Control-Request-Method`) is answered 204 here. Any other cross-origin request, preflight or not,
 * is answered 403 FORBIDDEN without allow headers, so the browser shows the caller nothing.
 */
export function applyCors (policy: CorsPolicy, req: IncomingMessage, res: ServerResponse): CorsOutcome {
  const origin = req.headers.origin
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined
  if (origin === undefined || isSameOrigin(req, origin)) {
    if (req.method !== 'OPTIONS') return 'next'
    res.writeHead(204, { allow: METHODS }).end()
    return 'answered'
  }
  res.setHeader('vary', 'Origin')
  if (!policy.matches(origin)) {
    res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify({ errors: [{ message: 'this origin may not call the API (MEDLEDGER_CORS_ORIGINS)', extensions: { code: 'FORBIDDEN' } }] }))
    req.resume()
    return 'answered'
  }
  res.setHeader('access-control-allow-origin', origin)
  if (preflight) {
    res.writeHead(204, {
      'access-control-allow-methods': METHODS,
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': MAX_AGE
    }).end()
    return 'answered'
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { allow: METHODS }).end()
    return 'answered'
  }
  res.setHeader('access-control-expose-headers', EXPOSED_HEADERS)
  return 'next'
}

/** True when `Origin` is the origin the request was sent to (GraphiQL calling its own server). */
function isSameOrigin (req: IncomingMessage, origin: string): boolean {
  const host = req.headers.host
  if (host === undefined) return false
  const proto = req.headers['x-forwarded-proto'] === 'https' || (req.socket as { encrypted?: boolean }).encrypted === true ? 'https' : 'http'
  return origin.toLowerCase() === `${proto}://${host.toLowerCase()}`
}
