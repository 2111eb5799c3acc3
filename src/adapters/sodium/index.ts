export { openSodiumAead } from './aead.ts'
