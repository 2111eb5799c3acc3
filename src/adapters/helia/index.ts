/** Embedded IPFS body store: a networkless Helia node over LevelDB. */
export { createHeliaBodyStore } from './helia-body-store.ts'
export type { HeliaBodyStoreOptions } from './helia-body-store.ts'
export { UNIXFS_CHUNK_SIZE } from './raw-block.ts'
