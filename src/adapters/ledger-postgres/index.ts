export { openPostgresLedger, PostgresLedger } from './postgres-ledger.ts'
export type { PostgresLedgerOptions } from './postgres-ledger.ts'
export { verifyPostgresLedger } from './verify.ts'
