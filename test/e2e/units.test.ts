// Units: every unit the API emits on the fixture patients is a UCUM code. The fixture patients'
// records that carry quantities (Observations with their components, MedicationRequests, Immunizations,
// Procedures; the DEV bundles, the bulk NDJSON set, the Synthea samples and the demo patient) are written for
// registered patients; each patient then reads, over HTTP, the typed view of every record of every clinical
// kind — every field path that leads to a unit, generated from the composed schema, so a field added later
// is walked too — and their
// health score. Every `unit`, `periodUnit` and UCUM-system `code` in the answers is checked against the UCUM
// grammar by NLM's reference implementation (@lhncbc/ucum-lhc).
import { readFileSync } from 'node:fs'
import ucum from '@lhncbc/ucum-lhc'
import { Wallet } from 'ethers'
import { buildASTSchema, getNamedType, isInterfaceType, isLeafType, isNonNullType, isObjectType, parse } from 'graphql'
import type { GraphQLObjectType } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FhirResource } from '../../src/core/fhir/metadata.ts'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { patientKey } from '../../src/subgraphs/records/patient-keys.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { tempDir } from '../support/data.ts'
import { fixtureResources } from '../support/fixture-resources.ts'
import { client, login, ok } from './consent-helpers.ts'
import type { Credential } from './consent-helpers.ts'

const tmp = tempDir('medledger-units-')
let services: Awaited<ReturnType<typeof openServices>>
let gw: RunningServer | undefined
const gql = client(() => gw!.url)
const patients: Array<{ id: string, who: Credential }> = []
/** Record ids read per page. */
const PAGE = 100
const WITH_QUANTITIES = new Set(['Observation', 'MedicationRequest', 'MedicationStatement', 'Immunization', 'Procedure'])

/** The patient a fixture resource is about (subject or patient reference), or undefined. */
function subjectOf (r: FhirResource): string | undefined {
  const ref = ((r as { subject?: { reference?: string }, patient?: { reference?: string } }).subject ?? (r as { patient?: { reference?: string } }).patient)?.reference
  return ref?.replace(/^(urn:uuid:|Patient\/)/, '')
}

const UNIT_LEAVES = new Set(['unit', 'periodUnit', 'unitDisplay', 'code', 'system'])

/** True when some field path (at most `depth` objects down) from `type` reaches a unit. */
function reachesUnits (type: GraphQLObjectType, depth: number): boolean {
  return Object.values(type.getFields()).some((f) => {
    const named = getNamedType(f.type)
    return f.name === 'unit' || f.name === 'periodUnit' || (depth > 0 && isObjectType(named) && reachesUnits(named, depth - 1))
  })
}

/**
 * Every path of a clinical record type that leads to a unit (the gateway's cost limit rules out selecting
 * everything): unit leaves, and every object field, at most `depth` levels down, that reaches one. Not the
 * raw `fhir` JSON (the record as written) nor the HealthRecord.
 */
function selection (type: GraphQLObjectType, depth: number): string {
  const fields: string[] = []
  for (const f of Object.values(type.getFields())) {
    if (f.name === 'fhir' || f.name === 'record' || f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue
    const named = getNamedType(f.type)
    if (isLeafType(named) && UNIT_LEAVES.has(f.name)) fields.push(f.name)
    else if (isObjectType(named) && depth > 0 && reachesUnits(named, depth - 1)) fields.push(`${f.name} { ${selection(named, depth - 1)} }`)
  }
  return fields.length === 0 ? '__typename' : fields.join(' ')
}

/** Every unit in an answer: `unit`, `periodUnit`, and `code` beside a UCUM `system`. */
function unitsIn (value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) unitsIn(v, out)
  else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>
    for (const key of ['unit', 'periodUnit']) if (typeof o[key] === 'string') out.add(o[key])
    if (o.system === 'http://unitsofmeasure.org' && typeof o.code === 'string') out.add(o.code)
    for (const v of Object.values(o)) unitsIn(v, out)
  }
  return out
}

beforeAll(async () => {
  services = await openServices({ dataDir: tmp.dir, ownsData: true, fsync: false })
  gw = await createGateway({ services, port: 0 })
  const bySubject = new Map<string, FhirResource[]>()
  for (const r of fixtureResources()) {
    const subject = subjectOf(r)
    if (subject === undefined || !WITH_QUANTITIES.has(r.resourceType)) continue
    bySubject.set(subject, [...(bySubject.get(subject) ?? []), r])
  }
  for (const resources of bySubject.values()) {
    const who = { bearer: (await login(gql, Wallet.createRandom())).bearer }
    const id = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, who)).registerPatient.id
    const key = patientKey(services, id)
    const mine = resources.map((r) => ({ ...r, id: undefined, subject: { reference: `Patient/${id}` }, ...('patient' in r ? { patient: { reference: `Patient/${id}` } } : {}) }))
    await services.data!.spine.write(mine.map((resource) => ({ patient: key, resource })), { actor: 'apikey:units-test' })
    patients.push({ id, who })
  }
}, 120_000)

afterAll(async () => {
  await gw?.stop()
  await services?.close()
  tmp.cleanup()
})

describe('units the API emits', () => {
  it('are UCUM codes only, for every fixture patient, in every clinical view and the health score', async () => {
    const schema = buildASTSchema(parse(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8')), { assumeValidSDL: true })
    const clinical = schema.getType('ClinicalRecord')
    if (!isInterfaceType(clinical)) throw new Error('ClinicalRecord is no interface')
    // every record of the patient (ids a page at a time), each through its typed view with every field path
    // that leads to a unit (one record a request: the gateway's cost limit grows with nesting)
    const fragments = schema.getPossibleTypes(clinical).map((t) => `... on ${t.name} { ${selection(t, 3)} }`).join(' ')
    const IDS = `query ($p: ID!, $after: String) { patient(id: $p) { records(first: ${PAGE}, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } } }`
    const RECORD = `query ($id: ID!) { record(id: $id) { clinical { __typename ${fragments} } } }`
    const SCORE = 'query ($p: ID!) { patient(id: $p) { healthScore { components { unit unitDisplay answer { system code display } } } } }'
    expect(patients.length).toBeGreaterThanOrEqual(10)

    type Page = { patient: { records: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string } }> } } }
    const seen = new Set<string>()
    let nicotine = 0
    let records = 0
    for (const p of patients) {
      let after: string | null = null
      do {
        const page: Page = await ok<Page>(gql, IDS, { p: p.id, after }, p.who)
        for (const { node } of page.patient.records.edges) {
          unitsIn(await ok(gql, RECORD, { id: node.id }, p.who), seen)
          records++
        }
        after = page.patient.records.pageInfo.hasNextPage ? page.patient.records.pageInfo.endCursor : null
      } while (after !== null)
      const score = await ok<{ patient: { healthScore: { components: Array<{ answer: { code: string } | null }> } } }>(gql, SCORE, { p: p.id }, p.who)
      unitsIn(score, seen)
      if (score.patient.healthScore.components.some((c) => c.answer !== null)) nicotine++
    }
    expect(records).toBeGreaterThan(200)
    // the near-UCUM spellings of the fixtures arrive as UCUM codes
    for (const u of ['mm[Hg]', '/min', 'Cel', 'kg/m2', '%', 'kg', 'cm']) expect([...seen]).toContain(u)
    for (const u of ['mmHg', 'beats/minute', 'C']) expect([...seen]).not.toContain(u)
    const utils = ucum.UcumLhcUtils.getInstance()
    const invalid = [...seen].filter((u) => utils.validateUnitString(u, true).status !== 'valid')
    expect(invalid).toEqual([])
    // NICOTINE answers with its coded smoking status (the demo patient's and the LE8 fixture's)
    expect(nicotine).toBeGreaterThanOrEqual(1)
  }, 120_000)
})
