/** The SQLite token cache now lives with the SQLite adapters; re-exported for the tests that open it directly. */
export { TokenCache } from '../../../../adapters/sqlite/token-cache.ts'
export type { TokenMoveRow } from '../../../../ports/token-bank.ts'
