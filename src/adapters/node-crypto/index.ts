export { nodeEcdh } from './ecdh.ts'
