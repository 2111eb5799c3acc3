// Import jobs, claims and FHIR Bulk Data export end to end over HTTP against a started gateway.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { importedRecordId } from '../../src/import/index.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { codes, post } from '../gateway/helpers.ts'
import type { GraphQLReply } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'
import { FIXTURES } from './helpers.ts'

const CHALLENGE = 'mutation ($address: String!) { siweChallenge(address: $address) { message } }'
const SIGN_IN = 'mutation ($message: String!, $signature: String!) { signIn(message: $message, signature: $signature) { token } }'
const JOB = 'query ($id: ID!) { importJob(id: $id) { id status total done imported unchanged rejected warnings rejects } }'
const START = 'mutation ($input: StartImportInput!) { startImport(input: $input) { id status organizationId } }'

describe('hospital import jobs and exports over HTTP', () => {
  const tmp = tempDir('medledger-jobs-')
  let services: Awaited<ReturnType<typeof openServices>>
  let gw: RunningServer
  let admin: string
  let orgId: string
  const previousRoot = process.env.MEDLEDGER_IMPORT_ROOT
  const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLReply> =>
    post(gw.url, { query, variables }, token === undefined ? {} : { authorization: `Bearer ${token}` })
  const get = async (path: string, token: string, method = 'GET'): Promise<Response> =>
    fetch(new URL(path, gw.url), { method, headers: { authorization: `Bearer ${token}` } })

  async function login (wallet: Pick<Wallet, 'address' | 'signMessage'>): Promise<string> {
    const c = await gql(CHALLENGE, { address: wallet.address })
    const message = (c.body.data!.siweChallenge as { message: string }).message
    const r = await gql(SIGN_IN, { message, signature: await wallet.signMessage(message) })
    return (r.body.data!.signIn as { token: string }).token
  }

  async function finished (id: string): Promise<Record<string, unknown>> {
    for (;;) {
      const r = await gql(JOB, { id }, admin)
      expect(r.body.errors).toBeUndefined()
      const job = r.body.data!.importJob as Record<string, unknown>
      if (job.status !== 'RUNNING') return job
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  beforeAll(async () => {
    process.env.MEDLEDGER_IMPORT_ROOT = FIXTURES
    services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 50, fsync: false })
    gw = await createGateway({ services, port: 0 })
    const adminWallet = Wallet.createRandom()
    admin = await login(adminWallet)
    const org = await gql('mutation { registerOrganization(input: { name: "General" }) { id } }', {}, admin)
    orgId = (org.body.data!.registerOrganization as { id: string }).id
    admin = await login(adminWallet) // a fresh session carries the HOSPITAL_ADMIN role
  })
  afterAll(async () => {
    await gw.stop()
    await services.close()
    tmp.cleanup()
    if (previousRoot === undefined) delete process.env.MEDLEDGER_IMPORT_ROOT
    else process.env.MEDLEDGER_IMPORT_ROOT = previousRoot
  })

  it('imports server-side files under the import root and refuses paths outside it', async () => {
    const r = await gql(START, { input: { organizationId: orgId, paths: ['ndjson'] } }, admin)
    expect(r.body.errors).toBeUndefined()
    const job = await finished((r.body.data!.startImport as { id: string }).id)
    expect(job).toMatchObject({ status: 'DONE', total: 1416, imported: 1416, rejected: 0, rejects: [] })

    for (const paths of [['../../package.json'], ['/etc/passwd']]) {
      expect(codes(await gql(START, { input: { organizationId: orgId, paths } }, admin))).toEqual(['BAD_USER_INPUT'])
    }
    const stranger = await login(Wallet.createRandom())
    expect(codes(await gql(START, { input: { organizationId: orgId, paths: ['ndjson'] } }, stranger))).toEqual(['FORBIDDEN'])
    expect((await gql(JOB, { id: job.id }, stranger)).body.data!.importJob).toBeNull()
  }, 60_000)

  it('imports an upload and reports its rejects as OperationOutcomes naming the line', async () => {
    const upload = ['{"resourceType":"Patient","id":"u1"}', 'not json', '{"resourceType":"Observation","id":"o1","subject":{"reference":"Patient/u1"}}'].join('\n')
    const r = await gql(START, { input: { organizationId: orgId, upload, uploadFormat: 'NDJSON' } }, admin)
    expect(r.body.errors).toBeUndefined()
    const job = await finished((r.body.data!.startImport as { id: string }).id)
    expect(job).toMatchObject({ status: 'DONE', imported: 2, rejected: 1 })
    const [outcome] = job.rejects as Array<{ issue: Array<{ location: string[], code: string }> }>
    expect(outcome!.issue[0]!.code).toBe('structure')
    expect(outcome!.issue[0]!.location[0]).toMatch(/\.ndjson:2$/)
  }, 30_000)

  it('a custodial patient claims their identity and exports their record; the hospital exports NDJSON ($export)', async () => {
    const patientId = importedRecordId(orgId, 'Patient', '7bc002fa-dc52-17d6-1563-fd8901826f7d')
    const issued = await gql('mutation ($id: ID!) { issuePatientClaimCode(patientId: $id) }', { id: patientId }, admin)
    expect(issued.body.errors).toBeUndefined()
    const wallet = Wallet.createRandom()
    let token = await login(wallet)
    const claimed = await gql('mutation ($code: String!) { claimPatient(code: $code) { id } }', { code: issued.body.data!.issuePatientClaimCode }, token)
    expect(claimed.body.errors).toBeUndefined()
    expect(claimed.body.data!.claimPatient).toEqual({ id: patientId })
    token = await login(wallet) // a fresh session carries the patient id

    const bundle = await get(`/fhir/Patient/${patientId}/$everything`, token)
    expect(bundle.status).toBe(200)
    const body = await bundle.json() as { resourceType: string, entry: unknown[] }
    expect(body.resourceType).toBe('Bundle')
    expect(body.entry.length).toBeGreaterThan(10)
    expect((await get(`/fhir/Patient/${patientId}/$everything`, admin)).status).toBe(403)
    const car = await get(`/fhir/Patient/${patientId}/$export-car`, token)
    expect(car.headers.get('content-type')).toMatch(/car/)
    expect((await car.arrayBuffer()).byteLength).toBeGreaterThan(1000)

    const kickoff = await get(`/fhir/$export?_type=Patient,Condition&organization=${orgId}`, admin)
    expect(kickoff.status).toBe(202)
    const status = kickoff.headers.get('content-location')!
    let manifest: { output: Array<{ type: string, url: string, count: number }> } | undefined
    for (let i = 0; i < 100 && manifest === undefined; i++) {
      const s = await get(status, admin)
      if (s.status === 200) manifest = await s.json() as typeof manifest
      else { expect(s.status).toBe(202); await new Promise((resolve) => setTimeout(resolve, 50)) }
    }
    expect(manifest!.output.map((o) => [o.type, o.count])).toEqual([['Condition', 118], ['Patient', 7]])
    const lines = (await (await get(manifest!.output[1]!.url, admin)).text()).trim().split('\n')
    expect(lines).toHaveLength(7)
    expect((await get(status, token)).status).toBe(404)
    expect((await get(status, admin, 'DELETE')).status).toBe(202)
  }, 60_000)
})
