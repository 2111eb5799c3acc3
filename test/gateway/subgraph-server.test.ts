import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SignJWT } from 'jose'
import { startSubgraphServer, CONTEXT_HEADER } from '../../src/gateway/subgraph-server.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import type { Viewer } from '../../src/subgraphs/context.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { tempDir } from '../support/data.ts'
import { FAKE_SUBGRAPHS } from './fakes.ts'
import { codes, post } from './helpers.ts'

const viewer: Viewer = { kind: 'account', accountId: 'acc-7', address: '0x000000000000000000000000000000000000dEaD', roles: ['PATIENT'], organizationIds: [], verifiedOrganizationIds: [] }

describe('subgraph HTTP server', () => {
  const tmp = tempDir()
  let services: Awaited<ReturnType<typeof openServices>>
  let server: RunningServer

  beforeAll(async () => {
    services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 0 })
    server = await startSubgraphServer({ module: FAKE_SUBGRAPHS.identity, services, port: 0 })
  })
  afterAll(async () => {
    await server.stop()
    await services.close()
    tmp.cleanup()
  })

  it('refuses a request without the gateway header with 401 UNAUTHENTICATED', async () => {
    const reply = await post(server.url, { query: '{ me { id } }' })
    expect(reply.status).toBe(401)
    expect(codes(reply)).toEqual(['UNAUTHENTICATED'])
    expect(reply.body.data).toBeUndefined()
  })

  it('refuses a header signed with another key with 401', async () => {
    const forged = await new SignJWT({ viewer, rid: 'r1' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('medledger')
      .setAudience('medledger:subgraph').setIssuedAt().setExpirationTime('1m').sign(new Uint8Array(32).fill(7))
    const reply = await post(server.url, { query: '{ me { id } }' }, { [CONTEXT_HEADER]: forged })
    expect(reply.status).toBe(401)
    expect(codes(reply)).toEqual(['UNAUTHENTICATED'])
  })

  it('refuses a session token in place of the context header (wrong audience)', async () => {
    const { token } = await services.auth.issueSession('acc-7')
    const reply = await post(server.url, { query: '{ me { id } }' }, { [CONTEXT_HEADER]: token })
    expect(reply.status).toBe(401)
  })

  it('refuses before executing even a mutation or an invalid document', async () => {
    const reply = await post(server.url, { query: 'mutation { registerPatient { id } }' })
    expect(reply.status).toBe(401)
    const garbage = await post(server.url, '{not json')
    expect(garbage.status).toBe(401)
  })

  it('executes with the viewer from a valid header', async () => {
    const header = await services.auth.signContext(viewer, 'req-1')
    const reply = await post(server.url, { query: '{ me { id address roles } }' }, { [CONTEXT_HEADER]: header })
    expect(reply.status).toBe(200)
    expect(reply.body.data).toEqual({ me: { id: 'acc-7', address: viewer.address, roles: ['PATIENT'] } })
  })

  it('keeps typed error codes and masks unexpected errors', async () => {
    const header = await services.auth.signContext(viewer, 'req-2')
    const reply = await post(server.url, { query: '{ a: patient(id: "forbidden") { id } b: patient(id: "boom") { id } }' }, { [CONTEXT_HEADER]: header })
    expect(codes(reply).sort()).toEqual(['FORBIDDEN', 'INTERNAL_SERVER_ERROR'])
    expect(JSON.stringify(reply.body)).not.toContain('secret')
  })

  it('answers the federation _service query the gateway tooling uses', async () => {
    const header = await services.auth.signContext({ kind: 'anonymous' }, 'req-3')
    const reply = await post(server.url, { query: '{ _service { sdl } }' }, { [CONTEXT_HEADER]: header })
    expect(String((reply.body.data?._service as { sdl: string }).sdl)).toContain('type Account')
  })
})
