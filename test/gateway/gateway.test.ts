import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import { LIMITS } from '../../src/gateway/limits.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { tempDir } from '../support/data.ts'
import { FAKE_SUBGRAPHS, fakeResolveViewer } from './fakes.ts'
import { aliasQuery, codes, deepQuery, post } from './helpers.ts'

describe('gateway, subgraphs in-process (stand-in modules)', () => {
  const tmp = tempDir()
  let services: Awaited<ReturnType<typeof openServices>>
  let gateway: RunningServer

  beforeAll(async () => {
    services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 0 })
    gateway = await createGateway({ services, subgraphs: FAKE_SUBGRAPHS, resolveViewer: fakeResolveViewer, port: 0, production: false })
  })
  afterAll(async () => {
    await gateway.stop()
    await services.close()
    tmp.cleanup()
  })

  it('answers a query spanning three subgraphs, passing the viewer through the signed header', async () => {
    const { token } = await services.auth.issueSession('acc-1')
    const reply = await post(gateway.url, { query: '{ ledgerHead { height treeSize } researchCorpus { k } me { id roles } }' }, { authorization: `Bearer ${token}` })
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({ data: { ledgerHead: { height: 7, treeSize: 42 }, researchCorpus: { k: 5 }, me: { id: 'acc-1', roles: ['PATIENT'] } } })
  })

  it('treats a request without credentials as anonymous', async () => {
    const reply = await post(gateway.url, { query: '{ me { id } }' })
    expect(reply.body).toEqual({ data: { me: null } })
  })

  it('refuses bad credentials with 401 UNAUTHENTICATED', async () => {
    const reply = await post(gateway.url, { query: '{ me { id } }' }, { authorization: 'Bearer not-a-token' })
    expect(reply.status).toBe(401)
    expect(codes(reply)).toEqual(['UNAUTHENTICATED'])
  })

  it('keeps a subgraph error code and masks unexpected errors', async () => {
    const reply = await post(gateway.url, { query: '{ a: patient(id: "forbidden") { id } b: patient(id: "boom") { id } }' })
    expect(reply.status).toBe(200)
    expect(reply.body.errors?.find((e) => e.path?.[0] === 'a')?.extensions?.code).toBe('FORBIDDEN')
    const masked = reply.body.errors?.find((e) => e.path?.[0] === 'b')
    expect(masked).toEqual({ message: 'internal error', path: ['b'], extensions: { code: 'INTERNAL_SERVER_ERROR' } })
    expect(JSON.stringify(reply.body)).not.toMatch(/secret|sqlite|stack/)
  })

  it(`refuses a query nested 20 deep (limit ${LIMITS.maxDepth}) and accepts a shallow one`, async () => {
    const deep = await post(gateway.url, { query: deepQuery(20) })
    expect(deep.status).toBe(400)
    expect(codes(deep)).toContain('GRAPHQL_VALIDATION_FAILED')
    expect(deep.body.errors?.map((e) => e.message).join(' ')).toMatch(/depth limit of 12/)
    expect(deep.body.data).toBeUndefined()
    const shallow = await post(gateway.url, { query: deepQuery(6) })
    expect(shallow.status).toBe(200)
  })

  it(`refuses 100 aliases (limit ${LIMITS.maxAliases})`, async () => {
    const reply = await post(gateway.url, { query: aliasQuery(100) })
    expect(reply.status).toBe(400)
    expect(reply.body.errors?.[0]?.message).toMatch(/Aliases limit of 30/)
    expect((await post(gateway.url, { query: aliasQuery(10) })).status).toBe(200)
  })

  it('refuses a document with too many tokens', async () => {
    const reply = await post(gateway.url, { query: `{ ${'__typename '.repeat(LIMITS.maxTokens + 1)}}` })
    expect(reply.status).toBe(400)
    expect(codes(reply)).toEqual(['GRAPHQL_PARSE_FAILED'])
  })

  it('answers malformed JSON with 400', async () => {
    const reply = await post(gateway.url, '{"query": "{ me { id } }"')
    expect(reply.status).toBe(400)
    expect(codes(reply)).toEqual(['BAD_REQUEST'])
  })

  it('answers a body over 1 MiB with 413, and keeps serving', async () => {
    const reply = await post(gateway.url, { query: `{ me { id } } # ${'x'.repeat(1024 * 1024)}` })
    expect(reply.status).toBe(413)
    expect((await post(gateway.url, { query: '{ researchCorpus { k } }' })).status).toBe(200)
  })

  it('answers an unknown operationName with 400 and a clean message', async () => {
    const reply = await post(gateway.url, { query: 'query A { me { id } }', operationName: 'B' })
    expect(reply.status).toBe(400)
    expect(codes(reply)).toEqual(['OPERATION_RESOLUTION_FAILURE'])
    expect(reply.body.errors?.[0]?.message).toBe('unknown operation named "B"')
    const ambiguous = await post(gateway.url, { query: 'query A { me { id } } query B { me { id } }' })
    expect(ambiguous.status).toBe(400)
  })

  it('supports automatic persisted queries', async () => {
    const query = '{ researchCorpus { sharedRecords } }'
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } }
    const miss = await post(gateway.url, { extensions })
    expect(codes(miss)).toEqual(['PERSISTED_QUERY_NOT_FOUND'])
    expect((await post(gateway.url, { query, extensions })).body.data).toEqual({ researchCorpus: { sharedRecords: 0 } })
    expect((await post(gateway.url, { extensions })).body.data).toEqual({ researchCorpus: { sharedRecords: 0 } })
  })

  it('allows introspection and field suggestions outside production', async () => {
    const reply = await post(gateway.url, { query: '{ __schema { queryType { name } } }' })
    expect(reply.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } })
    const typo = await post(gateway.url, { query: '{ researchCorpu { k } }' })
    expect(typo.body.errors?.[0]?.message).toMatch(/Did you mean "researchCorpus"/)
  })

  it('serves GraphiQL to browsers and to a bare GET, every asset from this server', async () => {
    for (const headers of [{ accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, {}]) {
      const res = await fetch(gateway.url, { headers })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'none'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("connect-src 'self'")
      const html = await res.text()
      expect(html).not.toMatch(/https?:\/\//)
      const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
      expect(refs).toEqual(['/graphiql/graphiql.css', '/graphiql/page.css', '/graphiql/graphiql.js'])
      for (const ref of refs) {
        const asset = await fetch(new URL(ref, gateway.url))
        expect(asset.status, ref).toBe(200)
        expect((await asset.text()).length, ref).toBeGreaterThan(20)
      }
    }
    expect((await fetch(new URL('/graphiql/nope.js', gateway.url))).status).toBe(404)
  })

  it('still answers GET queries from API clients', async () => {
    const res = await fetch(`${gateway.url}?query=${encodeURIComponent('{ researchCorpus { k } }')}`, { headers: { 'apollo-require-preflight': 'true' } })
    expect(await res.json()).toEqual({ data: { researchCorpus: { k: 5 } } })
  })
})
