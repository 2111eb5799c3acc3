// The trustless gateway route: GET /ipfs/<cid> raw or CAR, served only to callers who may read the
// record, and @helia/verified-fetch pointed at it fetching and verifying an envelope the patient then opens
// with their key alone.
import { createHash } from 'node:crypto'
import { createVerifiedFetchWithHelia } from '@helia/verified-fetch'
import { withHTTP } from '@helia/http'
import { CarReader } from '@ipld/car/reader'
import { Wallet } from 'ethers'
import { createHeliaLight } from 'helia'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWithPatientKey } from '../../src/core/envelope/index.ts'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { client, login, ok, signedGrant } from '../e2e/consent-helpers.ts'
import type { Credential } from '../e2e/consent-helpers.ts'
import { tempDir } from '../support/data.ts'

const RAW = 'application/vnd.ipld.raw'
const CAR = 'application/vnd.ipld.car'
const MARKER = 'trustless-gateway-marker-19'
const tmp = tempDir('medledger-ipfs-route-')
let services: Awaited<ReturnType<typeof openServices>>
let gw: RunningServer | undefined
const gql = client(() => gw!.url)
const patientWallet = Wallet.createRandom()
const patient = { wallet: patientWallet, who: undefined as Credential, id: '' }
let doctor: { bearer: string }
let stranger: { bearer: string }
let cid = ''

function auth (who: { bearer: string } | undefined): Record<string, string> {
  return who === undefined ? {} : { authorization: `Bearer ${who.bearer}` }
}

async function get (path: string, headers: Record<string, string>, method = 'GET'): Promise<Response> {
  return fetch(`${gw!.url.replace(/\/graphql$/, '')}${path}`, { method, headers })
}

beforeAll(async () => {
  services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 50, fsync: false })
  gw = await createGateway({ services, port: 0 })
  patient.who = { bearer: (await login(gql, patientWallet)).bearer }
  patient.id = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, patient.who)).registerPatient.id
  const admin = { bearer: (await login(gql, Wallet.createRandom())).bearer }
  const orgId = (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation { registerOrganization(input: { name: "Trustless Care" }) { id } }', {}, admin)).registerOrganization.id
  const doctorWallet = Wallet.createRandom()
  doctor = { bearer: (await login(gql, doctorWallet)).bearer }
  const pr = await ok<{ registerPractitioner: { id: string } }>(gql, 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }',
    { i: { address: doctorWallet.address, name: 'Dr Trustless', organizationId: orgId } }, admin)
  stranger = { bearer: (await login(gql, Wallet.createRandom())).bearer }
  await ok(gql, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }',
    { p: patient.id, f: { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, note: [{ text: MARKER }] } }, patient.who)
  await signedGrant(gql, patient, { type: 'PERMIT', actors: [{ kind: 'PRACTITIONER', id: pr.registerPractitioner.id }], purposes: ['TREAT'] })
  cid = services.data!.index.byPatient(patient.id)[0]!.cid
}, 60_000)

afterAll(async () => {
  await gw?.stop()
  await services?.close()
  tmp.cleanup()
})

function patientBearer (): { bearer: string } {
  return patient.who as { bearer: string }
}

describe('GET /ipfs/<cid> (trustless gateway)', () => {
  it('gives the patient the raw block, which hashes to the CID and opens with their key', async () => {
    const r = await get(`/ipfs/${cid}`, { accept: RAW, ...auth(patientBearer()) })
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe(RAW)
    expect(r.headers.get('cache-control')).toContain('private')
    const bytes = new Uint8Array(await r.arrayBuffer())
    expect(Buffer.from(CID.parse(cid).multihash.digest).toString('hex')).toBe(createHash('sha256').update(bytes).digest('hex'))
    const { plaintext } = openWithPatientKey(bytes, Buffer.from(patientWallet.privateKey.slice(2), 'hex'), patient.id)
    expect(new TextDecoder().decode(plaintext)).toContain(MARKER)
  })

  it('gives a grantee a CAR whose root is the CID', async () => {
    const r = await get(`/ipfs/${cid}?format=car`, auth(doctor))
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe(`${CAR}; version=1`)
    const reader = await CarReader.fromBytes(new Uint8Array(await r.arrayBuffer()))
    expect((await reader.getRoots()).map(String)).toEqual([cid])
    expect(await reader.has(CID.parse(cid))).toBe(true)
  })

  it('answers 404 to a stranger, to an anonymous caller and for an unknown CID; 406, 405 and 400 at the edges', async () => {
    expect((await get(`/ipfs/${cid}`, { accept: RAW, ...auth(stranger) })).status).toBe(404)
    expect((await get(`/ipfs/${cid}`, { accept: RAW })).status).toBe(404)
    expect((await get(`/ipfs/${cid}`, { accept: RAW, ...auth(doctor), 'x-purpose-of-use': 'HRESEARCH' })).status).toBe(404) // grant is TREAT only
    expect((await get('/ipfs/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku', { accept: RAW, ...auth(patientBearer()) })).status).toBe(404)
    expect((await get(`/ipfs/${cid}`, { accept: 'text/html', ...auth(patientBearer()) })).status).toBe(406)
    const post = await get(`/ipfs/${cid}`, auth(patientBearer()), 'POST')
    expect(post.status).toBe(405)
    expect((await get('/ipfs/not-a-cid', { accept: RAW })).status).toBe(400)
  })

  it('@helia/verified-fetch against the route fetches and verifies the envelope; the patient opens it', async () => {
    const origin = gw!.url.replace(/\/graphql$/, '')
    const fetcherFor = async (who: { bearer: string }): Promise<Awaited<ReturnType<typeof createVerifiedFetchWithHelia>>> => {
      // an HTTP-only Helia: no libp2p, no delegated routers; the gateway is its only (recursive) gateway. The
      // empty router is there because Helia 7's routing waits forever when no non-fallback router exists.
      const helia = withHTTP(createHeliaLight({ routers: [{ name: 'empty', async * findProviders () {} }], blockBrokers: [] }), {
        delegatedRouters: [],
        recursiveGateways: [origin],
        allowInsecure: true,
        allowLocal: true,
        transformRequestInit: (init) => ({ ...init, headers: { ...(init.headers as Record<string, string>), ...auth(who) } })
      })
      await helia.start()
      return createVerifiedFetchWithHelia(helia)
    }
    const verifiedFetch = await fetcherFor(patientBearer())
    try {
      const r = await verifiedFetch(`ipfs://${cid}`, { headers: { accept: RAW }, signal: AbortSignal.timeout(10_000) })
      expect(r.status).toBe(200)
      const bytes = new Uint8Array(await r.arrayBuffer())
      const { plaintext, binding } = openWithPatientKey(bytes, Buffer.from(patientWallet.privateKey.slice(2), 'hex'), patient.id)
      expect(binding.patientId).toBe(patient.id)
      expect(new TextDecoder().decode(plaintext)).toContain(MARKER)
    } finally {
      await verifiedFetch.stop()
    }
    // a stranger's verified-fetch gets nothing (the route answers 404, so no verified block exists)
    const strangers = await fetcherFor(stranger)
    try {
      const r = await strangers(`ipfs://${cid}`, { headers: { accept: RAW }, signal: AbortSignal.timeout(2_000) }).catch((e: unknown) => e)
      expect(r instanceof Response ? r.status : 0).not.toBe(200)
    } finally {
      await strangers.stop()
    }
  }, 30_000)
})
