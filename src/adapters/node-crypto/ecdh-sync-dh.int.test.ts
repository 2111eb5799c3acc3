import { describe, expect, it, vi } from 'vitest'
import { nobleEcdh } from '../../core/envelope/index.ts'
import { patientKeys, seededRng } from '../../core/envelope/test-kit.ts'
import { nodeEcdh } from './ecdh.ts'

// Node before 23.11 (package.json engines: >= 22.18) has no callback form of crypto.diffieHellman: it
// ignores the callback and returns the secret. agreeFresh must still settle.
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>()
  return { ...crypto, diffieHellman: (options: Parameters<typeof crypto.diffieHellman>[0]) => crypto.diffieHellman(options) }
})

describe('nodeEcdh.agreeFresh on a Node whose diffieHellman has no callback form', () => {
  it('settles with the right x instead of hanging', async () => {
    const patient = patientKeys(seededRng('sync-dh'))
    const timeout = new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error('agreeFresh never settled')), 5_000).unref())
    const { publicKey, sharedX } = await Promise.race([nodeEcdh.agreeFresh!(patient.publicKey), timeout])
    expect(sharedX).toEqual(nobleEcdh.agree(patient.secretKey, publicKey).sharedX)
  })
})
