/** Keys every process of the ledger cluster tests shares: the log's block signer and its checkpoint key. */
export const CLUSTER_SIGNER_KEY = '0x' + '33'.repeat(32)
export const CLUSTER_NOTE_SEED = 5
export const CLUSTER_ORIGIN = 'test.medledger/cluster'
