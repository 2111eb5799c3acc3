import { describe, expect, it } from 'vitest'
import type { FhirResource } from '../../fhir/metadata.ts'
import { fixtureResources } from '../../../../test/support/fixture-resources.ts'
import { contraindicationReport } from './contraindications.ts'
import { clinicalView } from './extract.ts'
import { classesOfIngredients, ingredientsOf, namesInDisplay, RXNORM_SYSTEM } from './ingredients.ts'
import { DRUG_CLASSES } from './rules-data.ts'
import { RXNORM_PRODUCTS } from './rxnorm-products.ts'
import type { ConditionView, MedicationView } from './views.ts'

const rx = (code: string, display?: string): { system: string, code: string, display?: string } => ({ system: RXNORM_SYSTEM, code, ...(display === undefined ? {} : { display }) })
const med = (code: string, display: string): FhirResource => ({ resourceType: 'MedicationRequest', status: 'active', intent: 'order', medicationCodeableConcept: { coding: [rx(code, display)] }, authoredOn: '2024-01-01' })

/** Every name (and alias) of the rule table's ingredients, lower case → class id. */
const classNames = DRUG_CLASSES.flatMap((c) => [...c.ingredients.map((i) => i.name), ...Object.keys(c.aliases ?? {})].map((n) => [n.toLowerCase(), c.id] as const))

describe('product-level RxNorm codes resolve to their ingredients', () => {
  const prescriptions = fixtureResources().filter((r) => r.resourceType === 'MedicationRequest' || r.resourceType === 'MedicationStatement')
  const views = prescriptions.map((r) => clinicalView(r) as MedicationView)

  it('every prescription of the fixture patients (bundles, NDJSON, Synthea samples, demo) resolves to an ingredient', () => {
    expect(views.length).toBeGreaterThan(150)
    for (const v of views) {
      const ingredients = ingredientsOf(v.codes)
      expect(ingredients.length, `${v.code?.code} ${v.code?.display}`).toBeGreaterThan(0)
      for (const i of ingredients) expect(i.name).toMatch(/^[a-z]/i)
    }
  })

  it('finds every drug of a rule-table class among them, by the shipped mapping (not by display)', () => {
    let inClass = 0
    for (const v of views) {
      // the class an RxNorm-style display names, read independently of ingredients.ts
      const display = (v.code?.display ?? '').toLowerCase()
      const expected = new Set(classNames.filter(([n]) => new RegExp(`(^|[ /{(])${n}( |$)`).test(display)).map(([, id]) => id))
      const ingredients = ingredientsOf(v.codes)
      expect(new Set(classesOfIngredients(ingredients).map((c) => c.id)), `${v.code?.code} ${v.code?.display}`).toEqual(expected)
      if (expected.size > 0) {
        inClass++
        expect(ingredients.every((i) => i.basis !== 'DISPLAY_NAME')).toBe(true)
      }
    }
    // simvastatin, alendronate, ferrous sulfate, ibuprofen ×2, naproxen, aspirin, nitrofurantoin, diazepam,
    // amoxicillin/clavulanate and the demo's lisinopril are all prescribed somewhere in the fixtures
    expect(inClass).toBeGreaterThan(50)
    const classes = new Set(views.flatMap((v) => classesOfIngredients(ingredientsOf(v.codes)).map((c) => c.id)))
    expect([...classes].sort()).toEqual(['ACE_INHIBITOR', 'ANTIPLATELET_ASPIRIN', 'BENZODIAZEPINE', 'BISPHOSPHONATE', 'NITROFURANTOIN', 'NSAID', 'ORAL_IRON', 'PENICILLIN', 'STATIN'])
  })

  it('maps each product of the table to ingredients its RxNorm name names', () => {
    const alias = new Map(DRUG_CLASSES.flatMap((c) => Object.entries(c.aliases ?? {})).map(([a, code]) => [code, a]))
    for (const [code, p] of Object.entries(RXNORM_PRODUCTS)) {
      expect(p.ingredients.length, code).toBeGreaterThan(0)
      for (const i of p.ingredients) {
        const name = p.name.toLowerCase()
        expect(name.includes(i.name.toLowerCase()) || name.includes(alias.get(i.rxnorm) ?? '\u0000'), `${code} ${p.name} → ${i.name}`).toBe(true)
        expect(i.rxnorm).toMatch(/^\d+$/)
      }
    }
  })

  it('lisinopril 10 MG Oral Tablet (314076) with ibuprofen 400 MG: the NSAID–ACE inhibitor interaction', () => {
    const medications = [med('314076', 'lisinopril 10 MG Oral Tablet'), med('206905', 'Ibuprofen 400 MG Oral Tablet [Ibu]')]
      .map((r, i) => ({ row: `m${i}`, view: clinicalView(r) as MedicationView }))
    const report = contraindicationReport({ allergies: [], conditions: [], medications, at: Date.parse('2024-06-01') })
    expect(report.currentMedications.map((m) => [m.ingredients, m.classes.map((c) => c.id)])).toEqual([
      [[{ rxnorm: '29046', name: 'lisinopril', basis: 'RXNORM_MAPPING' }], ['ACE_INHIBITOR']],
      [[{ rxnorm: '5640', name: 'ibuprofen', basis: 'RXNORM_MAPPING' }], ['NSAID']]
    ])
    expect(report.interactions.map((i) => [i.rule.id, i.a.row, i.b.row, i.unverified])).toEqual([['nsaid-ace', 'm0', 'm1', false]])
    // the same pair with the ACE inhibitor known only by its display: found, and flagged to verify
    const guessed = { row: 'g', view: clinicalView(med('858813', 'enalapril maleate 5 MG Oral Tablet')) as MedicationView }
    const flagged = contraindicationReport({ allergies: [], conditions: [], medications: [guessed, medications[1]!], at: Date.parse('2024-06-01') })
    expect(flagged.interactions.map((i) => [i.rule.id, i.unverified])).toEqual([['nsaid-ace', true]])
    const pregnancy = { row: 'c', view: clinicalView({ resourceType: 'Condition', clinicalStatus: { coding: [{ code: 'active' }] }, code: { coding: [{ system: 'http://snomed.info/sct', code: '77386006' }] }, onsetDateTime: '2024-01-01' }) as ConditionView }
    const avoid = (m: typeof guessed): Array<[number, boolean]> => contraindicationReport({ allergies: [], conditions: [pregnancy], medications: [m], at: Date.parse('2024-06-01') }).drugContraindications.filter((d) => d.drugClass.id === 'ACE_INHIBITOR').map((d): [number, boolean] => [d.conflicting.length, d.unverified])
    expect(avoid(guessed)).toEqual([[1, true]])
    expect(avoid({ row: 'l', view: medications[0]!.view })).toEqual([[1, false]])
    // without the mapping entry the interaction would be missed: a product code that no table knows and
    // no display finds nothing
    const unknown = { row: 'x', view: clinicalView({ ...med('999999999', ''), medicationCodeableConcept: { coding: [rx('999999999')] } }) as MedicationView }
    expect(contraindicationReport({ allergies: [], conditions: [], medications: [unknown, medications[1]!], at: Date.parse('2024-06-01') }).interactions).toEqual([])
  })

  it('falls back to the ingredient the display names, flagged DISPLAY_NAME, for a product code the mapping lacks', () => {
    expect(ingredientsOf([rx('858813', 'enalapril maleate 5 MG Oral Tablet')])).toEqual([{ rxnorm: '3827', name: 'enalapril', basis: 'DISPLAY_NAME' }])
    expect(classesOfIngredients(ingredientsOf([rx('858813', 'enalapril maleate 5 MG Oral Tablet')])).map((c) => c.id)).toEqual(['ACE_INHIBITOR'])
    expect(ingredientsOf([rx('1', 'Metformin hydrochloride 500 MG Oral Tablet')])).toEqual([{ name: 'metformin hydrochloride', basis: 'DISPLAY_NAME' }])
    // the concept's text when no coding has a display; nothing at all for an empty concept
    expect(ingredientsOf([rx('2')], 'Penicillin G benzathine 1200000 UNT/ML Injectable Suspension')).toEqual([{ rxnorm: '7980', name: 'penicillin G', basis: 'DISPLAY_NAME' }])
    expect(ingredientsOf([])).toEqual([])
    // an ingredient code of the rule table is taken as coded
    expect(ingredientsOf([rx('29046', 'lisinopril')])).toEqual([{ rxnorm: '29046', name: 'lisinopril', basis: 'CODED' }])
  })

  it('reads ingredient names from RxNorm-style displays', () => {
    expect(namesInDisplay('Ibuprofen 400 MG Oral Tablet [Ibu]')).toEqual(['ibuprofen'])
    expect(namesInDisplay('Amoxicillin 250 MG / Clavulanate 125 MG Oral Tablet')).toEqual(['amoxicillin', 'clavulanate'])
    expect(namesInDisplay('Acetaminophen 21.7 MG/ML / Dextromethorphan Hydrobromide 1 MG/ML / doxylamine succinate 0.417 MG/ML Oral Solution'))
      .toEqual(['acetaminophen', 'dextromethorphan hydrobromide', 'doxylamine succinate'])
    expect(namesInDisplay('Naproxen sodium 220 MG Oral Tablet')).toEqual(['naproxen sodium'])
    expect(namesInDisplay('')).toEqual([])
  })
})
