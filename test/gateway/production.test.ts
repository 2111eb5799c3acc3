import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { tempDir } from '../support/data.ts'
import { FAKE_SUBGRAPHS, fakeResolveViewer } from './fakes.ts'
import { codes, post } from './helpers.ts'

describe('gateway in production mode', () => {
  const tmp = tempDir()
  let services: Awaited<ReturnType<typeof openServices>>
  let gateway: RunningServer

  beforeAll(async () => {
    services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 0 })
    gateway = await createGateway({ services, subgraphs: FAKE_SUBGRAPHS, resolveViewer: fakeResolveViewer, port: 0, production: true })
  })
  afterAll(async () => {
    await gateway.stop()
    await services.close()
    tmp.cleanup()
  })

  it('refuses introspection', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Patient") { fields { name } } }']) {
      const reply = await post(gateway.url, { query })
      expect(reply.status).toBe(400)
      expect(codes(reply)).toEqual(['GRAPHQL_VALIDATION_FAILED'])
      expect(reply.body.data).toBeUndefined()
    }
    expect((await post(gateway.url, { query: '{ __typename }' })).body.data).toEqual({ __typename: 'Query' })
  })

  it('gives no field suggestions in errors', async () => {
    const reply = await post(gateway.url, { query: '{ researchCorpu { k } ledgerHea { height } }' })
    expect(reply.status).toBe(400)
    const text = JSON.stringify(reply.body)
    expect(text).not.toMatch(/Did you mean/)
    expect(text).not.toContain('researchCorpus')
    expect(text).not.toContain('ledgerHead')
  })

  it('still masks unexpected errors and keeps typed codes', async () => {
    const reply = await post(gateway.url, { query: '{ a: patient(id: "forbidden") { id } b: patient(id: "boom") { id } }' })
    expect(codes(reply).sort()).toEqual(['FORBIDDEN', 'INTERNAL_SERVER_ERROR'])
    expect(JSON.stringify(reply.body)).not.toMatch(/secret|sqlite/)
  })

  it('still serves the GraphiQL page (its docs pane then reports introspection is off)', async () => {
    const res = await fetch(gateway.url, { headers: { accept: 'text/html' } })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('/graphiql/graphiql.js')
  })
})
