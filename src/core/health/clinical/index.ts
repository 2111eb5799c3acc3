/**
 * Clinical views of the personal health database: typed views of FHIR R4 records, vertical
 * (timeline) and horizontal (snapshot) selection from index metadata, contraindication rules, basic
 * information with its per-purpose field policy, and the patient's self-reports. Pure.
 */
export * from './values.ts'
export * from './views.ts'
export * from './extract.ts'
export * from './select.ts'
export * from './rules-data.ts'
export * from './contraindications.ts'
export * from './basic-info.ts'
export * from './self-report.ts'
export * from './rxnorm-products.ts'
export * from './ingredients.ts'
