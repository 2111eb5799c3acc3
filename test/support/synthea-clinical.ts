// The Synthea patient the clinical-view tests use: every resource of patient a5cb8ce9 (conditions, allergies,
// prescriptions, immunizations, encounters, procedures, the Patient itself) from test/fixtures/fhir/ndjson
// (smart-on-fhir/sample-bulk-fhir-datasets, CC0; see test/fixtures/README.md), unchanged.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { FhirResource } from '../../src/core/fhir/metadata.ts'

export const SYNTHEA_CLINICAL_PATIENT = 'a5cb8ce9-cec6-6b23-0990-cbaf753578a4'
const FILES = ['Patient.ndjson', 'AllergyIntolerance.ndjson', 'Condition.ndjson', 'MedicationRequest.ndjson', 'Immunization.ndjson', 'Encounter.ndjson.gz', 'Procedure.ndjson.gz']

/** The patient's resources, file by file in the order above, lines in file order. */
export function syntheaClinicalPatient (): FhirResource[] {
  const dir = join(import.meta.dirname, '../fixtures/fhir/ndjson')
  const ref = `Patient/${SYNTHEA_CLINICAL_PATIENT}`
  return FILES.flatMap((f) => {
    const bytes = readFileSync(join(dir, f))
    const text = (f.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')
    return text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as FhirResource)
      .filter((r) => r.resourceType === 'Patient' ? r.id === SYNTHEA_CLINICAL_PATIENT : [r.subject, r.patient].some((s) => (s as { reference?: string } | undefined)?.reference === ref))
  })
}

/** A Synthea-shaped blood pressure panel (LOINC 85354-9 with systolic 8480-6 and diastolic 8462-4 in mm[Hg]). */
export function bloodPressure (patientId: string, effective: string, systolic: number, diastolic: number): FhirResource {
  const loinc = (code: string, display: string): Record<string, unknown> => ({ coding: [{ system: 'http://loinc.org', code, display }], text: display })
  const mmHg = (value: number): Record<string, unknown> => ({ value, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' })
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'vital-signs' }] }],
    code: loinc('85354-9', 'Blood pressure panel with all children optional'),
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: effective,
    issued: effective,
    component: [
      { code: loinc('8462-4', 'Diastolic Blood Pressure'), valueQuantity: mmHg(diastolic) },
      { code: loinc('8480-6', 'Systolic Blood Pressure'), valueQuantity: mmHg(systolic) }
    ]
  }
}
