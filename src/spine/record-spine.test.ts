import { describe, expect, it, vi } from 'vitest'
import type { BodyStore } from '../ports/body-store.ts'
import type { Keys } from '../ports/keys.ts'
import type { Ledger } from '../ports/ledger.ts'
import type { RecordIndex } from '../ports/record-index.ts'
import { patientKeys, seededRng, syntheaSample } from '../../test/support/data.ts'
import { RecordSpine } from './record-spine.ts'

// Every DEK sealRecord hands the spine, to check that the spine wipes them on every path.
const deks = vi.hoisted(() => [] as Uint8Array[])
vi.mock('../core/envelope/index.ts', async (importOriginal) => {
  const envelope = await importOriginal<typeof import('../core/envelope/index.ts')>()
  return {
    ...envelope,
    sealRecord: (...args: Parameters<typeof envelope.sealRecord>) => {
      const sealed = envelope.sealRecord(...args)
      deks.push(sealed.dek)
      return sealed
    }
  }
})

describe('RecordSpine.write failure paths', () => {
  it('wipes the batch\'s DEKs when the BodyStore put fails (after sealing, before the keystore)', async () => {
    const bodies = { putMany: async () => { throw new Error('disk full') } } as unknown as BodyStore
    const index = { record: () => undefined } as unknown as RecordIndex
    const spine = new RecordSpine({ bodies, index, ledger: {} as Ledger, keys: {} as Keys, clock: { now: () => 0 }, rng: seededRng('spine-fail') })
    const patient = patientKeys('wipe')
    await expect(spine.write(syntheaSample().slice(0, 3).map((resource) => ({ patient, resource })), { actor: 'h' })).rejects.toThrow('disk full')
    await spine.releaseSealers()
    expect(deks).toHaveLength(3)
    for (const dek of deks) expect(dek.every((b) => b === 0)).toBe(true)
  })
})
