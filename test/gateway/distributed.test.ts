import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { startSubgraphServer } from '../../src/gateway/subgraph-server.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { runCli, tempDir } from '../support/data.ts'
import { FAKE_SUBGRAPHS, fakeResolveViewer, realOrFake, realOrFakeAll, realOrFakeViewerResolver } from './fakes.ts'
import { codes, freePort, post } from './helpers.ts'
import { spawnSubgraph } from './processes.ts'
import type { SubgraphProcess } from './processes.ts'

describe('distributed mode: research and ledger as separate processes behind the gateway', () => {
  const tmp = tempDir()
  let services: Awaited<ReturnType<typeof openServices>>
  let gateway: RunningServer
  const children: SubgraphProcess[] = []

  beforeAll(async () => {
    // The gateway's process owns the data folder (records stays in-process) and creates the keys the
    // subgraph processes read.
    services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 0 })
    const [research, ledger] = await Promise.all([realOrFake('research'), realOrFake('ledger')])
    const [researchPort, ledgerPort] = [await freePort(), await freePort()]
    children.push(...await Promise.all([
      spawnSubgraph('research', researchPort, tmp.dir, research.real),
      spawnSubgraph('ledger', ledgerPort, tmp.dir, ledger.real)
    ]))
    gateway = await createGateway({
      services,
      subgraphUrls: { research: children[0]!.url, ledger: children[1]!.url },
      subgraphs: await realOrFakeAll(),
      resolveViewer: await realOrFakeViewerResolver(),
      port: 0
    })
  })
  afterAll(async () => {
    await gateway?.stop()
    const codes = await Promise.all(children.map((c) => c.stop()))
    expect(codes).toEqual(children.map(() => 0))
    await services.close()
    tmp.cleanup()
  })

  it('the subgraph processes listen on the ports they were given', () => {
    expect(children.map((c) => new URL(c.url).hostname)).toEqual(['127.0.0.1', '127.0.0.1'])
  })

  it('answers one query touching both remote subgraphs', async () => {
    const reply = await post(gateway.url, { query: '{ ledgerHead { height treeSize } researchCorpus { k sharedRecords } }' })
    expect(reply.status).toBe(200)
    expect(reply.body.errors).toBeUndefined()
    expect(typeof (reply.body.data?.researchCorpus as { k: unknown }).k).toBe('number')
    expect(reply.body.data).toHaveProperty('ledgerHead')
  })

  it('a subgraph process reached directly without the gateway header answers 401', async () => {
    for (const child of children) {
      const reply = await post(child.url, { query: '{ __typename }' })
      expect(reply.status).toBe(401)
      expect(codes(reply)).toEqual(['UNAUTHENTICATED'])
    }
  })
})

describe('distributed mode: error codes cross the HTTP hop', () => {
  const tmp = tempDir()
  let services: Awaited<ReturnType<typeof openServices>>
  let identity: RunningServer
  let gateway: RunningServer

  beforeAll(async () => {
    services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 0 })
    identity = await startSubgraphServer({ module: FAKE_SUBGRAPHS.identity, services, port: 0 })
    gateway = await createGateway({ services, subgraphUrls: { identity: identity.url }, subgraphs: FAKE_SUBGRAPHS, resolveViewer: fakeResolveViewer, port: 0 })
  })
  afterAll(async () => {
    await gateway.stop()
    await identity.stop()
    await services.close()
    tmp.cleanup()
  })

  it('keeps typed codes, masks the rest, and delivers the viewer', async () => {
    const { token } = await services.auth.issueSession('acc-9')
    const reply = await post(gateway.url, { query: '{ me { id } a: patient(id: "forbidden") { id } b: patient(id: "boom") { id } }' }, { authorization: `Bearer ${token}` })
    expect(reply.body.data?.me).toEqual({ id: 'acc-9' })
    expect(reply.body.errors?.find((e) => e.path?.[0] === 'a')?.extensions?.code).toBe('FORBIDDEN')
    expect(reply.body.errors?.find((e) => e.path?.[0] === 'b')).toEqual({ message: 'internal error', path: ['b'], extensions: { code: 'INTERNAL_SERVER_ERROR' } })
    expect(JSON.stringify(reply.body)).not.toMatch(/secret|sqlite|downstream|serviceName/)
  })
})

describe('distributed mode: a subgraph that is down', () => {
  it('fails only its fields, masked, without naming the internal URL', async () => {
    const tmp = tempDir()
    const services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 0 })
    const port = await freePort()
    const gateway = await createGateway({ services, subgraphUrls: { research: `http://127.0.0.1:${port}/graphql` }, subgraphs: FAKE_SUBGRAPHS, resolveViewer: fakeResolveViewer, port: 0 })
    try {
      const reply = await post(gateway.url, { query: '{ researchCorpus { k } }' })
      expect(codes(reply)).toEqual(['INTERNAL_SERVER_ERROR'])
      expect(JSON.stringify(reply.body)).not.toContain(String(port))
      expect((await post(gateway.url, { query: '{ ledgerHead { height } }' })).body.data).toEqual({ ledgerHead: { height: 7 } })
    } finally {
      await gateway.stop()
      await services.close()
      tmp.cleanup()
    }
  })
})

describe('medledger subgraph (argument checks)', () => {
  it('rejects an unknown subgraph name with exit 2', () => {
    const r = runCli(['subgraph', 'billing', '--port', '1'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('expected one of identity')
  })

  it('rejects a missing or bad port with BAD_INPUT', () => {
    expect(runCli(['subgraph', 'ledger']).stderr).toContain('BAD_INPUT')
    expect(runCli(['subgraph', 'ledger', '--port', '99999']).stderr).toContain('BAD_INPUT')
  })
})
