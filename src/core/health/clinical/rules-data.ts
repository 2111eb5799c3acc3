/**
 * The contraindication knowledge medledger ships: a deliberately small, documented table, not a drug
 * database. Drug classes are matched by RxNorm ingredient (a product-level code reaches its ingredients
 * through rxnorm-products.ts); conditions by SNOMED CT code; allergies by the substance code of the
 * AllergyIntolerance.
 * Each rule names its source. Replace or extend it from a maintained knowledge base (e.g. NLM RxClass /
 * ONC high-priority DDI list) in a deployment; the engine (contraindications.ts) does not change.
 */

import type { RxIngredient } from './rxnorm-products.ts'

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm'
const SNOMED = 'http://snomed.info/sct'

/** A drug class with its ATC code and the RxNorm ingredients that belong to it. */
export interface DrugClass {
  id: string
  display: string
  /** WHO ATC code of the class. */
  atc: string
  /** Member ingredients (RxNorm TTY IN, or MIN for a fixed combination). */
  ingredients: readonly RxIngredient[]
  /** `system|code` of the member ingredients (derived from `ingredients`). */
  codes: readonly string[]
  /** Other names an ingredient goes by in a product's display text (e.g. alendronic acid). */
  aliases?: Readonly<Record<string, string>>
}

const rx = (...codes: string[]): string[] => codes.map((c) => `${RXNORM}|${c}`)
const sct = (...codes: string[]): string[] => codes.map((c) => `${SNOMED}|${c}`)
const cls = (c: Omit<DrugClass, 'codes'>): DrugClass => ({ ...c, codes: rx(...c.ingredients.map((i) => i.rxnorm)) })
const ing = (rxnorm: string, name: string): RxIngredient => ({ rxnorm, name })

/**
 * The classes by ingredient. A prescription coded at product level (SCD/SBD, e.g. 314076 "lisinopril 10 MG
 * Oral Tablet") reaches its class through rxnorm-products.ts, or through its display text (ingredients.ts).
 */
export const DRUG_CLASSES: readonly DrugClass[] = [
  cls({ id: 'NSAID', display: 'Non-steroidal anti-inflammatory drugs', atc: 'M01A', ingredients: [ing('5640', 'ibuprofen'), ing('7258', 'naproxen')] }),
  cls({ id: 'ANTIPLATELET_ASPIRIN', display: 'Acetylsalicylic acid (antiplatelet)', atc: 'B01AC06', ingredients: [ing('1191', 'aspirin')], aliases: { 'acetylsalicylic acid': '1191' } }),
  cls({ id: 'VITAMIN_K_ANTAGONIST', display: 'Warfarin', atc: 'B01AA03', ingredients: [ing('11289', 'warfarin')] }),
  cls({ id: 'STATIN', display: 'HMG-CoA reductase inhibitors (statins)', atc: 'C10AA', ingredients: [ing('36567', 'simvastatin'), ing('83367', 'atorvastatin')] }),
  cls({ id: 'ACE_INHIBITOR', display: 'ACE inhibitors', atc: 'C09AA', ingredients: [ing('29046', 'lisinopril'), ing('3827', 'enalapril')] }),
  cls({ id: 'BETA_BLOCKER_NONSELECTIVE', display: 'Non-selective beta blockers', atc: 'C07AA', ingredients: [ing('8787', 'propranolol')] }),
  cls({ id: 'BISPHOSPHONATE', display: 'Bisphosphonates', atc: 'M05BA', ingredients: [ing('46041', 'alendronate')], aliases: { 'alendronic acid': '46041' } }),
  cls({ id: 'ORAL_IRON', display: 'Oral iron', atc: 'B03AA', ingredients: [ing('24947', 'ferrous sulfate')] }),
  cls({ id: 'PENICILLIN', display: 'Penicillins', atc: 'J01C', ingredients: [ing('723', 'amoxicillin'), ing('7980', 'penicillin G'), ing('7984', 'penicillin V')] }),
  cls({ id: 'SULFONAMIDE_ANTIBIOTIC', display: 'Sulfonamide antibiotics', atc: 'J01EE', ingredients: [ing('10180', 'sulfamethoxazole'), ing('10831', 'sulfamethoxazole / trimethoprim')] }),
  cls({ id: 'NITROFURANTOIN', display: 'Nitrofurantoin', atc: 'J01XE01', ingredients: [ing('7454', 'nitrofurantoin')] }),
  cls({ id: 'BENZODIAZEPINE', display: 'Benzodiazepines', atc: 'N05BA', ingredients: [ing('3322', 'diazepam')] }),
  cls({ id: 'OPIOID', display: 'Opioids', atc: 'N02A', ingredients: [ing('5489', 'hydrocodone'), ing('7804', 'oxycodone'), ing('10689', 'tramadol'), ing('2670', 'codeine')] }),
  cls({ id: 'MACROLIDE_CYP3A4', display: 'Clarithromycin (strong CYP3A4 inhibitor)', atc: 'J01FA09', ingredients: [ing('21212', 'clarithromycin')] })
]

export type RuleSeverity = 'ABSOLUTE' | 'RELATIVE'

/** A drug class to avoid (ABSOLUTE) or use with caution (RELATIVE) while one of the conditions is active. */
export interface ConditionRule {
  id: string
  conditions: readonly string[]
  drugClass: string
  severity: RuleSeverity
  note: string
  source: string
}

const CKD = sct('709044004', '431855005', '431856006', '433144002', '431857002', '433146000')
const PREGNANCY = sct('77386006', '72892002')
const HEART_FAILURE = sct('84114007', '88805009')
const GI_BLEED_ULCER = sct('13200003', '74474003')
const ASTHMA = sct('195967001', '233678006')

export const CONDITION_RULES: readonly ConditionRule[] = [
  { id: 'ckd-nsaid', conditions: CKD, drugClass: 'NSAID', severity: 'RELATIVE', note: 'NSAIDs reduce renal perfusion; avoid prolonged use in chronic kidney disease', source: 'KDIGO 2012 CKD guideline 3.4.1' },
  { id: 'ckd-nitrofurantoin', conditions: CKD, drugClass: 'NITROFURANTOIN', severity: 'RELATIVE', note: 'ineffective and toxic at low creatinine clearance (avoid below 30 ml/min)', source: 'AGS Beers Criteria 2023' },
  { id: 'hf-nsaid', conditions: HEART_FAILURE, drugClass: 'NSAID', severity: 'RELATIVE', note: 'sodium and fluid retention worsen heart failure', source: 'ACC/AHA/HFSA 2022 heart failure guideline' },
  { id: 'bleed-nsaid', conditions: GI_BLEED_ULCER, drugClass: 'NSAID', severity: 'ABSOLUTE', note: 'active peptic ulcer or gastrointestinal bleeding', source: 'NSAID class labeling (FDA)' },
  { id: 'bleed-warfarin', conditions: GI_BLEED_ULCER, drugClass: 'VITAMIN_K_ANTAGONIST', severity: 'ABSOLUTE', note: 'active bleeding', source: 'warfarin labeling (FDA)' },
  { id: 'pregnancy-ace', conditions: PREGNANCY, drugClass: 'ACE_INHIBITOR', severity: 'ABSOLUTE', note: 'fetal toxicity (boxed warning)', source: 'ACE inhibitor labeling (FDA)' },
  { id: 'pregnancy-statin', conditions: PREGNANCY, drugClass: 'STATIN', severity: 'RELATIVE', note: 'discontinue when pregnancy is recognized', source: 'FDA 2021 statin labeling change' },
  { id: 'pregnancy-warfarin', conditions: PREGNANCY, drugClass: 'VITAMIN_K_ANTAGONIST', severity: 'ABSOLUTE', note: 'embryopathy (except some mechanical heart valves)', source: 'warfarin labeling (FDA)' },
  { id: 'asthma-betablocker', conditions: ASTHMA, drugClass: 'BETA_BLOCKER_NONSELECTIVE', severity: 'ABSOLUTE', note: 'bronchospasm', source: 'GINA 2023' },
  { id: 'asthma-nsaid', conditions: ASTHMA, drugClass: 'NSAID', severity: 'RELATIVE', note: 'NSAID-exacerbated respiratory disease in sensitive patients', source: 'GINA 2023' }
]

export type InteractionSeverity = 'MAJOR' | 'MODERATE' | 'MINOR'

/** Two drug classes that interact when taken together. */
export interface InteractionRule {
  id: string
  classes: readonly [string, string]
  severity: InteractionSeverity
  note: string
  source: string
}

export const INTERACTION_RULES: readonly InteractionRule[] = [
  { id: 'bisphosphonate-iron', classes: ['BISPHOSPHONATE', 'ORAL_IRON'], severity: 'MODERATE', note: 'polyvalent cations reduce bisphosphonate absorption; take alendronate at least 30 minutes before', source: 'alendronate labeling (FDA)' },
  { id: 'nsaid-warfarin', classes: ['NSAID', 'VITAMIN_K_ANTAGONIST'], severity: 'MAJOR', note: 'bleeding risk', source: 'ONC high-priority DDI list (Phansalkar 2012)' },
  { id: 'aspirin-warfarin', classes: ['ANTIPLATELET_ASPIRIN', 'VITAMIN_K_ANTAGONIST'], severity: 'MAJOR', note: 'bleeding risk', source: 'ONC high-priority DDI list (Phansalkar 2012)' },
  { id: 'nsaid-aspirin', classes: ['NSAID', 'ANTIPLATELET_ASPIRIN'], severity: 'MODERATE', note: 'ibuprofen blunts the antiplatelet effect of low-dose aspirin; gastrointestinal bleeding', source: 'FDA 2006 ibuprofen–aspirin communication' },
  { id: 'nsaid-ace', classes: ['NSAID', 'ACE_INHIBITOR'], severity: 'MODERATE', note: 'reduced antihypertensive effect; acute kidney injury', source: 'KDIGO 2012 CKD guideline' },
  { id: 'sulfonamide-warfarin', classes: ['SULFONAMIDE_ANTIBIOTIC', 'VITAMIN_K_ANTAGONIST'], severity: 'MAJOR', note: 'CYP2C9 inhibition raises INR', source: 'ONC high-priority DDI list (Phansalkar 2012)' },
  { id: 'benzodiazepine-opioid', classes: ['BENZODIAZEPINE', 'OPIOID'], severity: 'MAJOR', note: 'respiratory depression (boxed warning)', source: 'FDA 2016 drug safety communication' },
  { id: 'statin-clarithromycin', classes: ['STATIN', 'MACROLIDE_CYP3A4'], severity: 'MAJOR', note: 'rhabdomyolysis (simvastatin contraindicated with strong CYP3A4 inhibitors)', source: 'simvastatin labeling (FDA)' }
]

/** Allergy substances that mean a whole drug class is to be avoided. */
export interface AllergyClassRule {
  /** `system|code` of the AllergyIntolerance.code. */
  substances: readonly string[]
  drugClass: string
  source: string
}

export const ALLERGY_CLASS_RULES: readonly AllergyClassRule[] = [
  // SNOMED 91936005 "Allergy to penicillin", 764146007 "Penicillin (substance)"
  { substances: [...rx('723', '7980', '7984'), ...sct('91936005', '764146007')], drugClass: 'PENICILLIN', source: 'class cross-reactivity (AAAAI 2022 drug allergy parameter)' },
  { substances: rx('10180', '10831'), drugClass: 'SULFONAMIDE_ANTIBIOTIC', source: 'class cross-reactivity among sulfonamide antibiotics' },
  { substances: [...rx('5640', '7258', '1191'), ...sct('293586001')], drugClass: 'NSAID', source: 'NSAID cross-intolerance (EAACI 2019)' }
]
