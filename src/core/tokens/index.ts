/** Tokens as ledger entries and balances derived from them (pure). */
export * from './entries.ts'
export * from './balances.ts'
export * from './typed-data.ts'
export type * from './funding-entries.ts'
