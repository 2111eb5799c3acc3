import type { FhirResource } from '../core/fhir/metadata.ts'

/**
 * A small, realistic demo history in FHIR R4 with real code systems (LOINC, SNOMED CT, RxNorm), dated
 * relative to `now`, for a patient with hypertension, a penicillin allergy, routine vitals and the inputs of
 * a Life's Essential 8 health score (all but diet).
 */
export function demoHistory (patientId: string, now: number): FhirResource[] {
  const day = 24 * 3600 * 1000
  const at = (daysAgo: number): string => new Date(now - daysAgo * day).toISOString()
  const subject = { reference: `Patient/${patientId}` }
  const bp = (daysAgo: number, sys: number, dia: number): FhirResource => ({
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'Vital Signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '85354-9', display: 'Blood pressure panel with all children optional' }] },
    subject,
    effectiveDateTime: at(daysAgo),
    component: [
      { code: { coding: [{ system: 'http://loinc.org', code: '8480-6', display: 'Systolic blood pressure' }] }, valueQuantity: { value: sys, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
      { code: { coding: [{ system: 'http://loinc.org', code: '8462-4', display: 'Diastolic blood pressure' }] }, valueQuantity: { value: dia, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } }
    ]
  })
  const quantity = (daysAgo: number, code: string, display: string, value: number, unit: string): FhirResource => ({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code, display }] },
    subject,
    effectiveDateTime: at(daysAgo),
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit }
  })
  return [
    {
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
      type: [{ coding: [{ system: 'http://snomed.info/sct', code: '185349003', display: 'Encounter for check up' }] }],
      subject,
      period: { start: at(180), end: at(180) }
    },
    {
      resourceType: 'Condition',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '59621000', display: 'Essential hypertension' }] },
      subject,
      onsetDateTime: at(180)
    },
    {
      resourceType: 'AllergyIntolerance',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      type: 'allergy',
      category: ['medication'],
      criticality: 'high',
      code: { coding: [{ system: 'http://snomed.info/sct', code: '764146007', display: 'Penicillin' }] },
      patient: subject,
      recordedDate: at(400)
    },
    {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '314076', display: 'lisinopril 10 MG Oral Tablet' }] },
      subject,
      authoredOn: at(180),
      dosageInstruction: [{ text: 'one tablet daily', timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet' } }] }],
      // the unit price charged, as the medication check reads it (docs/client-guide.md)
      dispenseRequest: {
        quantity: { value: 90, unit: 'tablet' },
        expectedSupplyDuration: { value: 90, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' },
        extension: [{ url: 'https://medledger.dev/fhir/StructureDefinition/unit-price', valueMoney: { value: 0.04, currency: 'USD' } }]
      }
    },
    bp(180, 152, 96),
    bp(90, 141, 90),
    bp(7, 128, 82),
    quantity(7, '8867-4', 'Heart rate', 72, '/min'),
    quantity(7, '39156-5', 'Body mass index (BMI) [Ratio]', 26.4, 'kg/m2'),
    quantity(30, '2093-3', 'Cholesterol [Mass/volume] in Serum or Plasma', 212, 'mg/dL'),
    // The rest of the Life's Essential 8 inputs (Patient.healthScore), all but diet.
    quantity(30, '2085-9', 'Cholesterol in HDL [Mass/volume] in Serum or Plasma', 48, 'mg/dL'),
    quantity(30, '4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', 5.6, '%'),
    quantity(7, '93832-4', 'Sleep duration', 7.5, 'h'),
    quantity(7, '89555-7', 'How many days per week did you engage in moderate to strenuous physical activity in the last 30 days', 3, 'd/wk'),
    quantity(7, '68516-4', 'On those days that you engage in moderate to strenuous exercise, how many minutes, on average, do you exercise', 40, 'min/d'),
    {
      resourceType: 'Observation',
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'social-history', display: 'Social History' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '72166-2', display: 'Tobacco smoking status' }] },
      subject,
      effectiveDateTime: at(7),
      valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '266919005', display: 'Never smoker' }] }
    }
  ]
}
