// Enforcement everywhere: walks the composed supergraph, generates a query for every path from
// Query to a field that returns record data (HealthRecord and every type that reaches it), and runs each over
// HTTP as a practitioner without a grant (and with a revoked one). None may return anything of the record.
// The queries come from the schema, so a field added later is covered without touching this test.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Wallet } from 'ethers'
import { buildASTSchema, getNamedType, isLeafType, isNonNullType, isObjectType, parse } from 'graphql'
import type { GraphQLField, GraphQLObjectType, GraphQLSchema } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { tempDir } from '../support/data.ts'
import { client, login, ok, signedGrant, signedRevoke } from './consent-helpers.ts'
import type { Credential, TestWallet } from './consent-helpers.ts'

const TARGET = 'HealthRecord'
const MAX_DEPTH = 6
const MARKER = 'schema-walk-marker-91ad'

/** Object types from which some field path leads to HealthRecord (HealthRecord included). */
export function recordReaching (schema: GraphQLSchema): Set<string> {
  const reach = new Set([TARGET])
  let grew = true
  while (grew) {
    grew = false
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || reach.has(type.name)) continue
      if (Object.values(type.getFields()).some((f) => reach.has(getNamedType(f.type).name))) {
        reach.add(type.name)
        grew = true
      }
    }
  }
  return reach
}

/** Argument literals for a field, or undefined when a required argument cannot be filled. */
function argsOf (field: GraphQLField<unknown, unknown>, ids: Record<string, string>): string | undefined {
  const parts: string[] = []
  for (const arg of field.args) {
    const returns = getNamedType(field.type).name
    const value = arg.name === 'id' ? ids[returns] : arg.name === 'patientId' ? ids.Patient : undefined
    if (value !== undefined) parts.push(`${arg.name}: ${JSON.stringify(value)}`)
    else if (isNonNullType(arg.type) && arg.defaultValue === undefined) return undefined
  }
  return parts.length === 0 ? '' : `(${parts.join(', ')})`
}

/** Every leaf field without required arguments, plus, for a record, its nested objects one level down. */
function selection (type: GraphQLObjectType, depth: number): string {
  const fields: string[] = []
  for (const f of Object.values(type.getFields())) {
    if (f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue
    const named = getNamedType(f.type)
    if (isLeafType(named)) fields.push(f.name)
    else if (isObjectType(named) && depth > 0) fields.push(`${f.name} { ${selection(named, depth - 1)} }`)
  }
  return fields.join(' ')
}

/** One query per path from Query to a record-reaching field, each selecting the record's data. */
export function recordQueries (schema: GraphQLSchema, ids: Record<string, string>): string[] {
  const reach = recordReaching(schema)
  const out: string[] = []
  const walk = (type: GraphQLObjectType, seen: string[], wrap: (inner: string) => string): void => {
    for (const f of Object.values(type.getFields())) {
      const named = getNamedType(f.type)
      if (!isObjectType(named) || !reach.has(named.name) || seen.includes(named.name)) continue
      const args = argsOf(f, ids)
      if (args === undefined) continue
      const leaves = selection(type, 0)
      const here = (inner: string): string => wrap(`${type.name === 'Query' ? '' : leaves + ' '}${f.name}${args} { ${inner} }`)
      if (named.name === TARGET) out.push(`{ ${here(selection(named, 1))} }`)
      else if (seen.length < MAX_DEPTH) walk(named, [...seen, named.name], here)
    }
  }
  walk(schema.getQueryType()!, ['Query'], (inner) => inner)
  return out
}

describe('every record path of the composed schema, for a caller without a grant', () => {
  const tmp = tempDir('medledger-walk-')
  let services: Awaited<ReturnType<typeof openServices>>
  let gw: RunningServer
  const gql = client(() => gw.url)
  const schema = buildASTSchema(parse(readFileSync(join(import.meta.dirname, '../../schema/supergraph.graphql'), 'utf8')), { assumeValidSDL: true })
  const ids: Record<string, string> = {}
  let doctor: Credential
  let doctorWallet: TestWallet
  let patient: { wallet: TestWallet, who: Credential, id: string }
  let cid = ''

  beforeAll(async () => {
    services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 50, fsync: false })
    gw = await createGateway({ services, port: 0 })
    const wallet = Wallet.createRandom()
    patient = { wallet, who: { bearer: (await login(gql, wallet)).bearer }, id: '' }
    patient.id = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, patient.who)).registerPatient.id
    const created = await ok<{ createRecord: { id: string, anchor: { cid: string } } }>(gql, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id anchor { cid } } }',
      { p: patient.id, f: { resourceType: 'Observation', status: 'final', code: { text: MARKER } } }, patient.who)
    cid = created.createRecord.anchor.cid
    ids.HealthRecord = created.createRecord.id
    ids.Patient = patient.id
    const admin = { bearer: (await login(gql, Wallet.createRandom())).bearer }
    const org = await ok<{ registerOrganization: { id: string } }>(gql, 'mutation { registerOrganization(input: { name: "Walk" }) { id } }', {}, admin)
    ids.Organization = org.registerOrganization.id
    doctorWallet = Wallet.createRandom()
    doctor = { bearer: (await login(gql, doctorWallet)).bearer }
    const pr = await ok<{ registerPractitioner: { id: string } }>(gql, 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }',
      { i: { address: doctorWallet.address, name: 'Dr Walk', organizationId: ids.Organization } }, admin)
    ids.Practitioner = pr.registerPractitioner.id
  })
  afterAll(async () => {
    await gw.stop()
    await services.close()
    tmp.cleanup()
  })

  it('finds the record paths in the schema (record, Patient.records, history, …)', () => {
    const reach = recordReaching(schema)
    expect([...reach]).toEqual(expect.arrayContaining(['HealthRecord', 'RecordConnection', 'RecordEdge', 'Patient', 'Query']))
    const queries = recordQueries(schema, ids)
    expect(queries.some((q) => q.startsWith('{ record('))).toBe(true)
    expect(queries.some((q) => q.includes('patient(id:') && q.includes('records'))).toBe(true)
    expect(queries.length).toBeGreaterThanOrEqual(3)
  })

  const assertNothing = async (who: Credential): Promise<void> => {
    for (const query of recordQueries(schema, ids)) {
      const r = await gql(query, {}, who)
      const text = JSON.stringify(r.body.data ?? null)
      // the query itself is valid and within the gateway's limits: any error is a consent (or identity) refusal
      expect((r.body.errors ?? []).map((e) => e.extensions?.code).filter((c) => !['CONSENT_REQUIRED', 'FORBIDDEN', 'NOT_FOUND'].includes(String(c))), query).toEqual([])
      for (const secret of [MARKER, ids.HealthRecord!, cid]) expect(text, query).not.toContain(secret)
      expect(text, query).not.toMatch(/"totalCount":[1-9]/)
    }
  }

  it('gives a practitioner without a grant nothing of the record on any path', async () => {
    await assertNothing(doctor)
  })

  it('gives nothing after the grant is revoked, while the grant itself did permit', async () => {
    const grantId = await signedGrant(gql, patient, { type: 'PERMIT', actors: [{ kind: 'PRACTITIONER', id: ids.Practitioner }] })
    // with the grant, the generated queries do reach the record (so the denials below are consent's doing)
    const reached: string[] = []
    for (const query of recordQueries(schema, ids)) {
      if (JSON.stringify((await gql(query, {}, doctor)).body.data ?? null).includes(MARKER)) reached.push(query)
    }
    expect(reached.some((q) => q.startsWith('{ record('))).toBe(true)
    expect(reached.some((q) => q.includes('patient(id:') && q.includes('records'))).toBe(true)
    await signedRevoke(gql, patient, grantId)
    await assertNothing(doctor)
  })
})
