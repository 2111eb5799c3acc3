/**
 * Product-level RxNorm codes mapped to their ingredients: the clinical drugs (SCD), branded drugs (SBD) and
 * packs (BPCK) that Synthea and most EHRs put on a prescription, for every drug of the contraindication
 * rule table (rules-data.ts) and every drug the shipped fixtures and demo prescribe. A rule names a class by
 * its ingredients, so a prescription of "lisinopril 10 MG Oral Tablet" (314076) must first become
 * lisinopril (29046) to meet the ACE-inhibitor rules.
 *
 * Source: RxNorm (U.S. National Library of Medicine), the `has_ingredient` / `consists_of` relationships of
 * each product concept as RxNav's `GET /REST/rxcui/{rxcui}/related.json?tty=IN+MIN` answers them; names as
 * RxNorm writes them. Transcribed 2026-12-06 (the build has no network, so the list
 * is not fetched at install time); `rxnorm-products.test.ts` checks that each product's RxNorm name names its
 * ingredients. A deployment replaces this table from its own RxNorm release (RXNREL.RRF, or RxNav) — the
 * resolver (ingredients.ts) does not change.
 */

/** An RxNorm ingredient (TTY IN). */
export interface RxIngredient {
  rxnorm: string
  name: string
}

/** A product concept with the ingredients RxNorm relates it to. */
export interface RxProduct {
  /** The product's RxNorm name (STR of the SCD / SBD / BPCK). */
  name: string
  ingredients: readonly RxIngredient[]
}

export const RXNORM_PRODUCTS_SOURCE = 'RxNorm (NLM) has_ingredient / consists_of relationships via RxNav related?tty=IN, transcribed 2026-12-06'

const lisinopril = { rxnorm: '29046', name: 'lisinopril' }
const ibuprofen = { rxnorm: '5640', name: 'ibuprofen' }
const naproxen = { rxnorm: '7258', name: 'naproxen' }
const aspirin = { rxnorm: '1191', name: 'aspirin' }
const simvastatin = { rxnorm: '36567', name: 'simvastatin' }
const atorvastatin = { rxnorm: '83367', name: 'atorvastatin' }
const amoxicillin = { rxnorm: '723', name: 'amoxicillin' }
const acetaminophen = { rxnorm: '161', name: 'acetaminophen' }
const levonorgestrel = { rxnorm: '6373', name: 'levonorgestrel' }
const norethindrone = { rxnorm: '7514', name: 'norethindrone' }

/** Product RxCUI → its ingredients. */
export const RXNORM_PRODUCTS: Readonly<Record<string, RxProduct>> = {
  // rule-table classes
  314076: { name: 'lisinopril 10 MG Oral Tablet', ingredients: [lisinopril] },
  314077: { name: 'lisinopril 20 MG Oral Tablet', ingredients: [lisinopril] },
  198405: { name: 'ibuprofen 100 MG Oral Tablet', ingredients: [ibuprofen] },
  206905: { name: 'ibuprofen 400 MG Oral Tablet [Ibu]', ingredients: [ibuprofen] },
  849574: { name: 'naproxen sodium 220 MG Oral Tablet', ingredients: [naproxen] },
  243670: { name: 'aspirin 81 MG Oral Tablet', ingredients: [aspirin] },
  314231: { name: 'simvastatin 10 MG Oral Tablet', ingredients: [simvastatin] },
  312961: { name: 'simvastatin 20 MG Oral Tablet', ingredients: [simvastatin] },
  259255: { name: 'atorvastatin 80 MG Oral Tablet', ingredients: [atorvastatin] },
  904419: { name: 'alendronic acid 10 MG Oral Tablet', ingredients: [{ rxnorm: '46041', name: 'alendronate' }] },
  310325: { name: 'ferrous sulfate 325 MG Oral Tablet', ingredients: [{ rxnorm: '24947', name: 'ferrous sulfate' }] },
  311989: { name: 'nitrofurantoin 5 MG/ML Oral Suspension', ingredients: [{ rxnorm: '7454', name: 'nitrofurantoin' }] },
  197591: { name: 'diazepam 5 MG Oral Tablet', ingredients: [{ rxnorm: '3322', name: 'diazepam' }] },
  308182: { name: 'amoxicillin 250 MG Oral Capsule', ingredients: [amoxicillin] },
  562251: { name: 'amoxicillin 250 MG / clavulanate 125 MG Oral Tablet', ingredients: [amoxicillin, { rxnorm: '48203', name: 'clavulanate' }] },
  834061: { name: 'penicillin V potassium 250 MG Oral Tablet', ingredients: [{ rxnorm: '7984', name: 'penicillin V' }] },
  // other drugs the fixtures and the demo prescribe
  209387: { name: 'acetaminophen 325 MG Oral Tablet [Tylenol]', ingredients: [acetaminophen] },
  351109: { name: 'budesonide 0.25 MG/ML Inhalation Suspension', ingredients: [{ rxnorm: '19831', name: 'budesonide' }] },
  351137: { name: 'albuterol 0.21 MG/ML Inhalation Solution', ingredients: [{ rxnorm: '435', name: 'albuterol' }] },
  310798: { name: 'hydrochlorothiazide 25 MG Oral Tablet', ingredients: [{ rxnorm: '5487', name: 'hydrochlorothiazide' }] },
  197361: { name: 'amlodipine 5 MG Oral Tablet', ingredients: [{ rxnorm: '17767', name: 'amlodipine' }] },
  // branded products whose name does not say the ingredient
  807283: { name: '{levonorgestrel 52 MG Intrauterine System} [Mirena]', ingredients: [levonorgestrel] },
  1856546: { name: '{levonorgestrel 19.5 MG Intrauterine System} [Kyleena]', ingredients: [levonorgestrel] },
  748962: { name: '{28 (norethindrone 0.35 MG Oral Tablet) } Pack [Camila 28 Day]', ingredients: [norethindrone] },
  831533: { name: '{28 (norethindrone 0.35 MG Oral Tablet) } Pack [Errin 28 Day]', ingredients: [norethindrone] },
  749762: { name: '{84 (ethinyl estradiol 0.03 MG / levonorgestrel 0.15 MG Oral Tablet) / 7 (ethinyl estradiol 0.01 MG Oral Tablet) } Pack [Seasonique 91 Day]', ingredients: [{ rxnorm: '4124', name: 'ethinyl estradiol' }, levonorgestrel] }
}
