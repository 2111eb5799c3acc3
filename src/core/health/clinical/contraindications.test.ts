import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { resourceMetadata } from '../../fhir/metadata.ts'
import type { FhirResource } from '../../fhir/metadata.ts'
import { syntheaClinicalPatient } from '../../../../test/support/synthea-clinical.ts'
import { contraindicationReport, planContraindications } from './contraindications.ts'
import { clinicalView } from './extract.ts'
import { ALLERGY_CLASS_RULES, CONDITION_RULES, DRUG_CLASSES, INTERACTION_RULES } from './rules-data.ts'
import type { AllergyView, ConditionView, MedicationView } from './views.ts'

const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm'
const SCT = 'http://snomed.info/sct'
const NOW = Date.parse('2024-06-01')

interface Row { recordId: string, resourceType: string, codes: string[], effective?: string, resource: FhirResource }
const rowsOf = (resources: FhirResource[]): Row[] => resources.map((resource, i) => {
  const m = resourceMetadata(resource)
  return { recordId: `r${i}`, resource, resourceType: m.resourceType, codes: m.codes, ...(m.effective === undefined ? {} : { effective: m.effective }) }
})

function report (resources: FhirResource[]): ReturnType<typeof contraindicationReport<Row>> & { decrypted: number } {
  const plan = planContraindications(rowsOf(resources))
  const viewed = <V>(rows: Row[]): Array<{ row: Row, view: V }> => rows.map((row) => ({ row, view: clinicalView(row.resource) as V }))
  return {
    ...contraindicationReport({ allergies: viewed<AllergyView>(plan.allergies), conditions: viewed<ConditionView>(plan.conditions), medications: viewed<MedicationView>(plan.medications), at: NOW }),
    decrypted: plan.allergies.length + plan.conditions.length + plan.medications.length
  }
}

const condition = (code: string, extra: Record<string, unknown> = {}): FhirResource => ({ resourceType: 'Condition', clinicalStatus: { coding: [{ code: 'active' }] }, code: { coding: [{ system: SCT, code, display: code }] }, onsetDateTime: '2020-01-01', ...extra })
const med = (code: string, status = 'active', authoredOn = '2024-01-01'): FhirResource => ({ resourceType: 'MedicationRequest', status, intent: 'order', medicationCodeableConcept: { coding: [{ system: RX, code, display: code }] }, authoredOn })

describe('rule tables', () => {
  it('name only known drug classes, and every class and rule has a source or ATC code', () => {
    const ids = new Set(DRUG_CLASSES.map((c) => c.id))
    expect(ids.size).toBe(DRUG_CLASSES.length)
    for (const r of CONDITION_RULES) expect(ids.has(r.drugClass) && r.source.length > 0 && r.conditions.length > 0).toBe(true)
    for (const r of INTERACTION_RULES) expect(r.classes.every((c) => ids.has(c)) && r.source.length > 0).toBe(true)
    for (const r of ALLERGY_CLASS_RULES) expect(ids.has(r.drugClass)).toBe(true)
    for (const c of DRUG_CLASSES) expect(c.atc).toMatch(/^[A-Z]\d{2}[A-Z]{0,2}\d{0,2}$/)
  })
})

describe('contraindications of the Synthea patient', () => {
  const synthea = syntheaClinicalPatient()

  it('finds the active allergies, the current medication and the alendronate–iron interaction, decrypting few records', () => {
    const r = report(synthea)
    expect(r.allergies.map((a) => a.view.code?.display).sort()).toEqual(['Mold (organism)', 'Sulfamethoxazole / Trimethoprim', 'Tree nut (substance)'])
    expect(r.currentMedications.map((m) => m.view.code?.code).sort()).toEqual(['310325', '314231', '904419'])
    expect(r.interactions.map((i) => i.rule.id)).toEqual(['bisphosphonate-iron'])
    // the sulfonamide allergy rules out the class; nothing current is in it
    expect(r.allergyConflicts.map((a) => [a.drugClass?.id, a.conflicting.length])).toEqual([['SULFONAMIDE_ANTIBIOTIC', 0]])
    expect(r.drugContraindications).toEqual([])
    // 3 allergies + no condition a rule names + the latest of 62 prescriptions of each of 5 drugs, of 305 records
    expect(r.decrypted).toBe(3 + 0 + 5)
  })

  it('flags a current NSAID once chronic kidney disease is recorded, and not after the NSAID is stopped', () => {
    const ckd = condition('433144002')
    const withNsaid = report([...synthea, ckd, med('849574')])
    const hit = withNsaid.drugContraindications.find((d) => d.rule.id === 'ckd-nsaid')!
    expect(hit.drugClass.atc).toBe('M01A')
    expect(hit.rule.severity).toBe('RELATIVE')
    expect(hit.conflicting.map((m) => m.view.code?.code)).toEqual(['849574'])
    // the latest naproxen prescription is stopped: the rule still shows, the conflict is gone
    const stopped = report([...synthea, ckd, med('849574'), med('849574', 'stopped', '2024-03-01')])
    expect(stopped.drugContraindications.find((d) => d.rule.id === 'ckd-nsaid')!.conflicting).toEqual([])
    // a resolved kidney disease names nothing
    expect(report([...synthea, condition('433144002', { clinicalStatus: { coding: [{ code: 'resolved' }] }, abatementDateTime: '2021-01-01' })]).drugContraindications).toEqual([])
  })

  it('orders allergies high criticality first and reports a current drug of an allergy class', () => {
    const allergy: FhirResource = { resourceType: 'AllergyIntolerance', criticality: 'high', clinicalStatus: { coding: [{ code: 'active' }] }, code: { coding: [{ system: SCT, code: '91936005', display: 'Allergy to penicillin' }] }, recordedDate: '2010-01-01' }
    const r = report([...synthea, allergy, med('562251')])
    expect(r.allergies[0]!.view.criticality).toBe('high')
    const conflict = r.allergyConflicts.find((a) => a.drugClass?.id === 'PENICILLIN')!
    expect(conflict.conflicting.map((m) => m.view.code?.code)).toEqual(['562251'])
  })

  it('reports each interacting pair once, whatever the order', () => {
    const r = report([med('11289'), med('849574'), med('243670')])
    expect(r.interactions.map((i) => i.rule.id).sort()).toEqual(['aspirin-warfarin', 'nsaid-aspirin', 'nsaid-warfarin'])
  })
})

describe('properties', () => {
  const drugCodes = [...new Set(DRUG_CLASSES.flatMap((c) => c.codes.map((k) => k.split('|')[1]!)))]

  it('the interactions found do not depend on the order of the records, and each pair is of two current drugs', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.constantFrom(...drugCodes), { maxLength: 8 }), fc.infiniteStream(fc.boolean()), (picked, active) => {
      const meds = picked.map((c) => med(c, active.next().value ? 'active' : 'stopped'))
      const ids = (r: ReturnType<typeof report>): string[] => r.interactions.map((i) => `${i.rule.id}:${[i.a.view.code?.code, i.b.view.code?.code].sort().join('+')}`).sort()
      const forward = report(meds)
      expect(ids(report([...meds].reverse()))).toEqual(ids(forward))
      for (const i of forward.interactions) expect([i.a.view.status, i.b.view.status]).toEqual(['active', 'active'])
    }))
  })
})
