// gateway.rps, gateway.latency, consent.overhead, dataloader.calls: one data folder, the gateway with every
// subgraph in-process (as `npm start` runs it) and the records subgraph served as its own HTTP server.
import { createRequire } from 'node:module'
import { Wallet } from 'ethers'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { CONTEXT_HEADER, startSubgraphServer } from '../../src/gateway/subgraph-server.ts'
import type { TypedDataRequest } from '../../src/core/consent/index.ts'
import { signTypedData } from '../../src/subgraphs/consent/test-kit.ts'
import type { Viewer } from '../../src/subgraphs/context.ts'
import { loadSubgraph, loadViewerResolver } from '../../src/subgraphs/registry.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { post } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'
import type { BenchResult } from './harness.ts'
import { paired, size } from './harness.ts'

interface CannonResult { requests: { average: number }, latency: { mean: number }, non2xx: number, errors: number, timeouts: number }
type Cannon = (opts: Record<string, unknown>) => Promise<CannonResult>
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon

const RECORDS = 100
const LIST = 50
const SECONDS = size(3, 1)

const NODE = 'id version resourceType fhir author anchor { cid entryIndex }'
const GATEWAY_QUERY = `query ($p: ID!, $n: Int!) { patient(id: $p) { id publicKey records(first: $n) { totalCount edges { node { ${NODE} } } } } }`
/** What the gateway's query plan sends the records subgraph for the same request. */
const DIRECT_QUERY = `query ($r: [_Any!]!, $n: Int!) { _entities(representations: $r) { ... on Patient { id records(first: $n) { totalCount edges { node { ${NODE} } } } } } }`

const CHALLENGE = 'mutation ($address: String!) { siweChallenge(address: $address) { message } }'
const SIGN_IN = 'mutation ($message: String!, $signature: String!) { signIn(message: $message, signature: $signature) { token } }'

function check (where: string, reply: { body: { data?: unknown, errors?: unknown } }): Record<string, unknown> {
  if (reply.body.errors !== undefined) throw new Error(`${where}: ${JSON.stringify(reply.body.errors)}`)
  return reply.body.data as Record<string, unknown>
}

async function cannon (url: string, body: string, headers: Record<string, string>, connections: number): Promise<CannonResult> {
  const r = await autocannon({ url, method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, connections, duration: SECONDS, workers: 1 })
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`autocannon ${url}: ${r.non2xx} non-2xx, ${r.errors} errors`)
  return r
}

export async function gatewayBenches (): Promise<BenchResult[]> {
  const tmp = tempDir('medledger-bench-gw-')
  const services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 200, fsync: false })
  let gw: RunningServer | undefined
  let direct: RunningServer | undefined
  try {
    gw = await createGateway({ services, port: 0 })
    direct = await startSubgraphServer({ module: await loadSubgraph('records'), services, port: 0 })
    const directUrl = direct.url
    const gql = async (query: string, variables: Record<string, unknown>, token?: string): Promise<Record<string, unknown>> =>
      check(query.slice(0, 40), await post(gw!.url, { query, variables }, token === undefined ? {} : { authorization: `Bearer ${token}` }))
    const login = async (wallet: Pick<Wallet, 'address' | 'signMessage'>): Promise<string> => {
      const c = await gql(CHALLENGE, { address: wallet.address })
      const message = (c.siweChallenge as { message: string }).message
      return ((await gql(SIGN_IN, { message, signature: await wallet.signMessage(message) })).signIn as { token: string }).token
    }

    // a patient with RECORDS observations; a practitioner of an organization under a PERMIT grant
    const patientWallet = Wallet.createRandom()
    const owner = await login(patientWallet)
    const patientId = ((await gql('mutation { registerPatient { id } }', {}, owner)).registerPatient as { id: string }).id
    for (let i = 0; i < RECORDS; i++) {
      await gql('mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', {
        p: patientId,
        f: {
          resourceType: 'Observation', status: 'final', subject: { reference: `Patient/${patientId}` },
          code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
          effectiveDateTime: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
          valueQuantity: { value: 60 + (i % 40), unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' }
        }
      }, owner)
    }
    const admin = await login(Wallet.createRandom())
    const orgId = ((await gql('mutation { registerOrganization(input: { name: "Bench Hospital" }) { id } }', {}, admin)).registerOrganization as { id: string }).id
    const doctorWallet = Wallet.createRandom()
    const doctor = await login(doctorWallet)
    const practitionerId = ((await gql('mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }',
      { i: { address: doctorWallet.address, name: 'Dr Bench', organizationId: orgId } }, admin)).registerPractitioner as { id: string }).id
    const toSign = await gql('query ($i: GrantInput!) { grantToSign(input: $i) { typedData } }',
      { i: { patientId, provision: { type: 'PERMIT', actors: [{ kind: 'PRACTITIONER', id: practitionerId }], purposes: ['TREAT'] } } }, owner)
    const typedData = (toSign.grantToSign as { typedData: TypedDataRequest }).typedData
    await gql('mutation ($t: JSON!, $s: String!) { grantConsent(typedData: $t, signature: $s) { id } }', { t: typedData, s: await signTypedData(patientWallet, typedData) }, owner)
    await services.data!.spine.flush()

    const resolveViewer = await loadViewerResolver()
    const ownerViewer: Viewer = await resolveViewer(services, `Bearer ${owner}`)
    const doctorViewer: Viewer = await resolveViewer(services, `Bearer ${doctor}`)
    const directHeaders = async (viewer: Viewer): Promise<Record<string, string>> => ({ [CONTEXT_HEADER]: await services.auth.signContext(viewer, 'bench') })
    const gwBody = JSON.stringify({ query: GATEWAY_QUERY, variables: { p: patientId, n: LIST } })
    const directBody = JSON.stringify({ query: DIRECT_QUERY, variables: { r: [{ __typename: 'Patient', id: patientId }], n: LIST } })
    const gwHeaders = { authorization: `Bearer ${owner}` }

    // both answer the same 50 records, fhir decrypted
    const viaGw = check('gateway', await post(gw.url, gwBody, gwHeaders))
    const viaDirect = check('direct', await post(direct.url, directBody, await directHeaders(ownerViewer)))
    const edges = (d: unknown): unknown[] => (d as { records: { edges: Array<{ node: unknown }> } }).records.edges.map((e) => e.node)
    const gwNodes = edges(viaGw.patient)
    if (gwNodes.length !== LIST || JSON.stringify(gwNodes) !== JSON.stringify(edges((viaDirect._entities as unknown[])[0]))) throw new Error('gateway and direct answers differ')

    // gateway.rps and gateway.latency: interleaved direct/gateway runs, summed
    let gwRps = 0; let directRps = 0; let gwLat = 0; let directLat = 0
    for (let round = 0; round < 2; round++) {
      directRps += (await cannon(direct.url, directBody, await directHeaders(ownerViewer), 10)).requests.average
      gwRps += (await cannon(gw.url, gwBody, gwHeaders, 10)).requests.average
      directLat += (await cannon(direct.url, directBody, await directHeaders(ownerViewer), 1)).latency.mean
      gwLat += (await cannon(gw.url, gwBody, gwHeaders, 1)).latency.mean
    }
    gwRps /= 2; directRps /= 2; gwLat /= 2; directLat /= 2

    // consent.overhead: the same 50-record list from the records subgraph, as the owner (no policy: own
    // records) vs as a practitioner under a PERMIT grant (grants loaded, decide() per row, the permitted
    // reads logged to the ledger before anything is served)
    const ownerH = await directHeaders(ownerViewer)
    const doctorH = await directHeaders(doctorViewer)
    const asDoctor = check('doctor', await post(directUrl, directBody, doctorH))
    if (edges((asDoctor._entities as unknown[])[0]).length !== LIST) throw new Error('the grantee does not see the 50 records')
    const consent = await paired(size(40, 5),
      async () => { check('owner', await post(directUrl, directBody, ownerH)) },
      async () => { check('doctor', await post(directUrl, directBody, doctorH)) })

    // dataloader.calls: backend batches for a list of 1 vs a list of 100, through the gateway
    const batches = async (n: number): Promise<number> => {
      services.metrics.reset()
      const d = await gql(GATEWAY_QUERY, { p: patientId, n }, owner)
      if ((d.patient as { records: { edges: unknown[] } }).records.edges.length !== n) throw new Error(`expected ${n} records`)
      return Object.values(services.metrics.snapshot()).reduce((a, b) => a + b, 0)
    }
    const one = await batches(1)
    const hundred = await batches(RECORDS)

    const rpsRatio = gwRps / directRps
    const latRatio = gwLat / directLat
    const consentRatio = consent.subjectMs / consent.baselineMs
    return [
      { name: 'gateway.rps', value: gwRps, unit: 'req/s via gateway (patient + 50 records, 10 conns)', baseline: directRps, ratio: rpsRatio, target: 'ratio >= 0.6', met: rpsRatio >= 0.6 },
      { name: 'gateway.latency', value: gwLat, unit: 'ms mean via gateway (1 conn)', baseline: directLat, ratio: latRatio, target: '<= 1.5x', met: latRatio <= 1.5 },
      { name: 'consent.overhead', value: consent.subjectMs, unit: 'ms median, grantee list of 50 (owner = baseline)', baseline: consent.baselineMs, ratio: consentRatio, target: '<= 1.2x', met: consentRatio <= 1.2 },
      { name: 'dataloader.calls', value: hundred, unit: 'backend batches at N = 100 (N = 1 = baseline)', baseline: one, ratio: hundred / one, target: 'equal (ratio 1)', met: hundred === one }
    ]
  } finally {
    await gw?.stop()
    await direct?.stop()
    await services.close()
    tmp.cleanup()
  }
}
