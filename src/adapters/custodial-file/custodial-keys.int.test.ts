import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPatientSealer, sealRecord } from '../../core/envelope/index.ts'
import { isError } from '../../core/errors.ts'
import { systemRng } from '../../ports/clock.ts'
import { tempDir } from '../../../test/support/data.ts'
import { openCustodialKeys } from './custodial-keys.ts'

describe('custodial key store', () => {
  let tmp: ReturnType<typeof tempDir>
  beforeEach(() => { tmp = tempDir('medledger-custodial-') })
  afterEach(() => tmp.cleanup())

  it('creates a key pair once per owner, opens envelopes sealed to it, survives reopening, and destroys it', () => {
    let keys = openCustodialKeys({ dir: tmp.dir, rng: systemRng })
    const pub = keys.ensure('p1')
    expect(keys.ensure('p1')).toEqual(pub)
    expect(keys.ensure('p2')).not.toEqual(pub)
    expect(statSync(join(tmp.dir, 'custodial.key')).mode & 0o777).toBe(0o600)
    const sealer = createPatientSealer(pub, systemRng)
    const { envelope } = sealRecord({ plaintext: new TextEncoder().encode('{"a":1}'), binding: { recordId: 'r', version: 1, patientId: 'p1' }, sealer, rng: systemRng })
    sealer.destroy()
    keys.close()

    keys = openCustodialKeys({ dir: tmp.dir, rng: systemRng })
    expect(keys.publicKey('p1')).toEqual(pub)
    expect(new TextDecoder().decode(keys.open('p1', envelope))).toBe('{"a":1}')
    expect(isError((() => { try { return keys.open('p2', envelope) } catch (e) { return e } })(), 'DECRYPT_FAILED')).toBe(true)
    expect(keys.destroy('p1')).toBe(true)
    expect(keys.publicKey('p1')).toBeUndefined()
    expect(isError((() => { try { return keys.open('p1', envelope) } catch (e) { return e } })(), 'KEY_NOT_FOUND')).toBe(true)
    keys.close()
  })
})
