// Helpers of the research corpus acceptance suite: Synthea people from test/fixtures/fhir/bundles, the
// identifying strings of their source data (for the leakage scan), and the share round trip.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { HDNodeWallet, Wallet } from 'ethers'
import type { TypedDataRequest } from '../../src/core/consent/index.ts'
import type { FhirResource } from '../../src/core/fhir/metadata.ts'
import { signTypedData } from '../../src/subgraphs/consent/test-kit.ts'
import type { client, Credential } from './consent-helpers.ts'
import { ok } from './consent-helpers.ts'

type Gql = ReturnType<typeof client>
const BUNDLES = join(import.meta.dirname, '../fixtures/fhir/bundles')

/** A registered person of the suite. */
export interface Person { name: string, wallet: HDNodeWallet, who: Credential, accountId: string, id: string, recordIds: string[] }

/** The ten Synthea patients of the fixture folder: each one's resources, by first name. */
export function syntheaPeople (): Map<string, FhirResource[]> {
  const out = new Map<string, FhirResource[]>()
  for (const file of readdirSync(BUNDLES).filter((f) => /^[A-Z][a-z]+\d+_/.test(f)).sort()) {
    const raw = readFileSync(join(BUNDLES, file))
    const bundle = JSON.parse((file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8')) as { entry: Array<{ resource: FhirResource }> }
    out.set(file.split('_')[0]!, bundle.entry.map((e) => e.resource))
  }
  return out
}

/**
 * What the suite writes of one Synthea patient: the Patient, every Condition and MedicationRequest, and a few
 * Observations, Immunizations and Encounters (a bounded, representative slice).
 */
export function slice (resources: readonly FhirResource[]): FhirResource[] {
  const of = (type: string, n: number): FhirResource[] => resources.filter((r) => r.resourceType === type).slice(0, n)
  return [...of('Patient', 1), ...of('Condition', 20), ...of('MedicationRequest', 5), ...of('Observation', 4), ...of('Immunization', 2), ...of('Encounter', 2)]
}

/**
 * Every identifying string of the source data a cohort must not contain: names (and the mother's maiden
 * name), birth date, address lines, city, postal code, telecom values (phones, e-mails), identifier values and
 * every resource id.
 */
export function sourceIdentifiers (resources: readonly FhirResource[]): string[] {
  const out = new Set<string>()
  const patient = resources.find((r) => r.resourceType === 'Patient')!
  for (const n of (patient.name as Array<{ given?: string[], family?: string }>) ?? []) {
    for (const g of n.given ?? []) out.add(g)
    if (n.family !== undefined) out.add(n.family)
  }
  for (const e of (patient.extension as Array<{ url: string, valueString?: string }>) ?? []) if (e.url.endsWith('mothersMaidenName') && e.valueString !== undefined) out.add(e.valueString)
  out.add(patient.birthDate as string)
  for (const a of (patient.address as Array<{ line?: string[], city?: string, postalCode?: string }>) ?? []) {
    for (const l of a.line ?? []) out.add(l)
    if (a.city !== undefined) out.add(a.city)
    if (a.postalCode !== undefined) out.add(a.postalCode)
  }
  for (const t of (patient.telecom as Array<{ value?: string }>) ?? []) if (t.value !== undefined) out.add(t.value)
  for (const r of resources) {
    if (typeof r.id === 'string') out.add(r.id)
    for (const i of (r.identifier as Array<{ value?: string }> | undefined) ?? []) if (typeof i.value === 'string') out.add(i.value)
  }
  return [...out].filter((s) => s.length > 2)
}

/** A doctor's request for `patient`'s records of `categories`: its id. */
export async function requestShare (gql: Gql, doctor: Credential, patient: Person, categories: string[]): Promise<string> {
  return (await ok<{ requestResearchShare: { id: string } }>(gql, 'mutation ($p: ID!, $c: [String!]) { requestResearchShare(patientId: $p, categories: $c) { id } }', { p: patient.id, c: categories }, doctor)).requestResearchShare.id
}

/** The patient's typed data for request `requestId`, signed by `signer` (their own wallet unless given). */
export async function signedShare (gql: Gql, patient: Person, requestId: string, occupation: string, signer: Pick<Wallet, 'signTypedData'> = patient.wallet): Promise<{ t: TypedDataRequest, s: string }> {
  const d = await ok<{ researchShareToSign: { typedData: TypedDataRequest } }>(gql, 'query ($r: ID!, $o: OccupationCategory!) { researchShareToSign(requestId: $r, occupation: $o) { typedData } }', { r: requestId, o: occupation }, patient.who)
  return { t: d.researchShareToSign.typedData, s: await signTypedData(signer, d.researchShareToSign.typedData) }
}

export const SHARE = 'mutation ($t: JSON!, $s: String!) { shareForResearch(typedData: $t, signature: $s) { id pseudonym records rewarded entryIndex } }'
