import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { corsPolicy, corsPolicyFromEnv } from '../../src/gateway/cors.ts'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { tempDir } from '../support/data.ts'
import { FAKE_SUBGRAPHS, fakeResolveViewer } from './fakes.ts'

describe('CORS policy', () => {
  it('matches exact origins and any-port patterns, nothing else', () => {
    const policy = corsPolicy(['https://portal.example.org', 'http://localhost:*'])
    expect(policy.matches('https://portal.example.org')).toBe(true)
    expect(policy.matches('http://localhost:5173')).toBe(true)
    expect(policy.matches('http://localhost')).toBe(false)
    expect(policy.matches('https://portal.example.org.evil.net')).toBe(false)
    expect(policy.matches('http://portal.example.org')).toBe(false)
    expect(policy.matches('http://localhost.evil.net:5173')).toBe(false)
    expect(policy.matches('null')).toBe(false)
  })

  it('refuses anything that is not an origin', () => {
    for (const bad of ['*', 'null', 'https://a.org/path', 'https://*.a.org', 'ftp://a.org', 'a.org']) {
      expect(() => corsPolicy([bad]), bad).toThrow(TypeError)
    }
  })

  it('allows none in production and localhost in development unless MEDLEDGER_CORS_ORIGINS says', () => {
    expect(corsPolicyFromEnv(true, {}).origins).toEqual([])
    expect(corsPolicyFromEnv(false, {}).matches('http://localhost:3000')).toBe(true)
    expect(corsPolicyFromEnv(false, { MEDLEDGER_CORS_ORIGINS: '' }).matches('http://localhost:3000')).toBe(false)
    expect(corsPolicyFromEnv(true, { MEDLEDGER_CORS_ORIGINS: 'https://a.org, https://b.org' }).origins).toEqual(['https://a.org', 'https://b.org'])
  })
})

describe('gateway CORS over HTTP', () => {
  const tmp = tempDir()
  const allowed = 'http://app.test:5173'
  let services: Awaited<ReturnType<typeof openServices>>
  let gateway: RunningServer

  beforeAll(async () => {
    services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 0 })
    gateway = await createGateway({ services, subgraphs: FAKE_SUBGRAPHS, resolveViewer: fakeResolveViewer, port: 0, production: true, corsOrigins: [allowed] })
  })
  afterAll(async () => {
    await gateway.stop()
    await services.close()
    tmp.cleanup()
  })

  const preflight = async (origin: string): Promise<Response> => fetch(gateway.url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' }
  })

  it('answers an allowed preflight with 204 and the allow headers', async () => {
    const res = await preflight(allowed)
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed)
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization.*content-type|content-type.*authorization/)
    expect(res.headers.get('vary')).toBe('Origin')
  })

  it('refuses a preflight and a request from another origin with 403, no allow headers', async () => {
    const pre = await preflight('http://evil.test')
    expect(pre.status).toBe(403)
    expect(pre.headers.get('access-control-allow-origin')).toBeNull()
    const res = await fetch(gateway.url, { method: 'POST', headers: { origin: 'http://evil.test', 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) })
    expect(res.status).toBe(403)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('FORBIDDEN')
  })

  it('serves an allowed origin with its allow-origin header', async () => {
    const res = await fetch(gateway.url, { method: 'POST', headers: { origin: allowed, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ ledgerHead { height } }' }) })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed)
    expect(await res.json()).toEqual({ data: { ledgerHead: { height: 7 } } })
  })

  it('keeps CSRF protection: a simple cross-origin GET from an allowed origin without a preflight header is refused', async () => {
    const res = await fetch(`${gateway.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { origin: allowed } })
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/CSRF|preflight/i)
  })

  it('lets same-origin requests (GraphiQL on this server) and origin-less clients through', async () => {
    const self = new URL(gateway.url).origin
    const same = await fetch(gateway.url, { method: 'POST', headers: { origin: self, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) })
    expect(same.status).toBe(200)
    const plain = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) })
    expect(plain.status).toBe(200)
    expect(plain.headers.get('access-control-allow-origin')).toBeNull()
  })
})
