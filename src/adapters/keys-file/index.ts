/** The Keys port on a key file (0600) and a SQLite keystore: see openFileKeys. */
export { openFileKeys } from './file-keys.ts'
export type { FileKeysOptions } from './file-keys.ts'
export { KEK_ENV } from './key-file.ts'
