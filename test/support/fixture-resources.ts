import { readdirSync, readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import type { FhirResource } from '../../src/core/fhir/metadata.ts'
import { demoHistory } from '../../src/demo/resources.ts'

const FIXTURES = new URL('../fixtures/', import.meta.url)

function text (url: URL): string {
  const bytes = readFileSync(url)
  return url.pathname.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8')
}

/**
 * Every FHIR resource the fixture patients carry: the ten DEV patients' Bundles (test/fixtures/fhir/bundles),
 * the bulk NDJSON set (fhir/ndjson), the Synthea samples (synthea/) and the demo patient's history
 * (src/demo/resources.ts), in that order.
 */
export function fixtureResources (): FhirResource[] {
  const out: FhirResource[] = []
  const dir = (name: string): URL => new URL(`${name}/`, FIXTURES)
  for (const f of readdirSync(dir('fhir/bundles')).sort()) {
    const bundle = JSON.parse(text(new URL(f, dir('fhir/bundles')))) as { entry?: Array<{ resource: FhirResource }> }
    for (const e of bundle.entry ?? []) out.push(e.resource)
  }
  for (const f of readdirSync(dir('fhir/ndjson')).sort()) {
    for (const line of text(new URL(f, dir('fhir/ndjson'))).split('\n')) if (line.trim() !== '') out.push(JSON.parse(line) as FhirResource)
  }
  out.push(...(JSON.parse(readFileSync(new URL('synthea/le8-observations.json', FIXTURES), 'utf8')) as FhirResource[]))
  for (const line of readFileSync(new URL('synthea/bob965-sample.ndjson', FIXTURES), 'utf8').split('\n')) if (line.trim() !== '') out.push(JSON.parse(line) as FhirResource)
  out.push(...demoHistory('demo-patient', Date.parse('2026-01-01T00:00:00Z')))
  return out
}
