import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { GraphQLFormattedError } from 'graphql'

export interface GraphQLReply {
  status: number
  body: { data?: Record<string, unknown> | null, errors?: GraphQLFormattedError[] }
  headers: Headers
}

/** POSTs a GraphQL request (an object is sent as JSON; a string as is) and reads the JSON reply. */
export async function post (url: string, body: unknown, headers: Record<string, string> = {}): Promise<GraphQLReply> {
  const send = async (): Promise<Response> => fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  })
  let res: Response
  try {
    res = await send()
  } catch (err) {
    // A kept-alive socket the server closed (5 s keep-alive) while a blocking runCli held the event loop:
    // the request never reached the server, so sending it again on a new connection is safe.
    if ((err as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw err
    res = await send()
  }
  const text = await res.text()
  return { status: res.status, body: JSON.parse(text) as GraphQLReply['body'], headers: res.headers }
}

/** The `extensions.code` of every error in a reply. */
export function codes (reply: GraphQLReply): unknown[] {
  return (reply.body.errors ?? []).map((e) => e.extensions?.code)
}

/** `code/reason` of each error (`extensions.reason` names why a mutation did nothing), e.g. `CONFLICT/REPLAYED`. */
export function reasons (reply: GraphQLReply): string[] {
  return (reply.body.errors ?? []).map((e) => `${String(e.extensions?.code)}/${String(e.extensions?.reason)}`)
}

/** A loopback port that was free a moment ago (listen on 0, read it, close). */
export async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** A query nested `depth` fields deep through Practitioner → Organization → practitioners → … */
export function deepQuery (depth: number): string {
  // me(1) practitioner(2) then organization/practitioners pairs, ending in a scalar.
  let inner = 'id'
  let level = 3
  const parts: string[] = []
  while (level < depth) {
    parts.push(level % 2 === 1 ? 'organization' : 'practitioners')
    level++
  }
  for (const field of parts.reverse()) inner = `${field} { ${inner} }`
  return `{ me { practitioner { ${inner} } } }`
}

/** A query with `n` aliased fields. */
export function aliasQuery (n: number): string {
  return `{ ${Array.from({ length: n }, (_, i) => `a${i}: researchCorpus { k }`).join(' ')} }`
}
