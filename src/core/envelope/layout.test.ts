import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { describe, expect, it } from 'vitest'
import { sealRecord } from './seal.ts'
import { createPatientSealer } from './sealer.ts'
import { wrapDekForService } from './service-wrap.ts'
import { patientKeys, seededRng } from './test-kit.ts'

/**
 * A second, deliberately naive reader written only from the format comment in format.ts and the
 * documented AAD / KDF layouts, using noble primitives directly (one-shot hkdf, not extract/expand).
 * If the code and its documentation drift apart, this fails.
 */

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s)
const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]))
const u32 = (n: number): Uint8Array => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n); return b }
const lp = (b: Uint8Array): Uint8Array => cat(u32(b.length), b)
const bindingBytes = (recordId: string, version: number, patientId: string): Uint8Array =>
  cat(lp(ascii(recordId)), u32(version), lp(ascii(patientId)))

function naiveRead (bytes: Uint8Array): { fields: Uint8Array[], header: Uint8Array } {
  expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('MLE1')
  expect(bytes[4]).toBe(1)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let at = 5
  const fields: Uint8Array[] = []
  let header: Uint8Array = new Uint8Array(0)
  for (let i = 0; i < 7; i++) {
    if (i === 6) header = bytes.subarray(0, at)
    const len = view.getUint32(at)
    fields.push(bytes.subarray(at + 4, at + 4 + len))
    at += 4 + len
  }
  expect(at).toBe(bytes.length)
  return { fields, header }
}

describe('envelope layout (independent reader)', () => {
  const rng = seededRng('layout')
  const patient = patientKeys(rng)
  const sealer = createPatientSealer(patient.publicKey, rng)
  const body = ascii('{"resourceType":"Patient"}')
  const { envelope, dek } = sealRecord({ plaintext: body, binding: { recordId: 'Patient/1', version: 7, patientId: 'pat-1' }, sealer, rng })

  it('decrypts the patient copy and the body as documented', () => {
    const { fields, header } = naiveRead(envelope)
    const [recordId, version, eph, wrapNonce, wrappedDek, bodyNonce, ciphertext] = fields as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array]
    expect(new TextDecoder().decode(recordId)).toBe('Patient/1')
    expect(new DataView(version.buffer, version.byteOffset).getUint32(0)).toBe(7)
    expect(eph.length).toBe(33)

    const binding = bindingBytes('Patient/1', 7, 'pat-1')
    const sharedX = secp256k1.getSharedSecret(patient.secretKey, eph, true).subarray(1)
    const wrapKey = hkdf(sha256, sharedX, cat(eph, patient.publicKey), cat(ascii('medledger/envelope/v1/patient-wrap'), binding), 32)
    const dekFromPatient = xchacha20poly1305(wrapKey, wrapNonce, binding).decrypt(wrappedDek)
    expect(dekFromPatient).toEqual(dek)

    const aad = cat(ascii('medledger/envelope/v1/body'), binding, header)
    expect(xchacha20poly1305(dekFromPatient, bodyNonce, aad).decrypt(ciphertext)).toEqual(body)
  })

  it('wraps the service copy as documented', () => {
    const kek = { version: 5, key: rng.bytes(32) }
    const { wrapped } = wrapDekForService(dek, { recordId: 'Patient/1', version: 7, patientId: 'pat-1' }, kek, rng)
    const aad = cat(ascii('medledger/envelope/v1/service-wrap'), bindingBytes('Patient/1', 7, 'pat-1'), u32(5))
    expect(xchacha20poly1305(kek.key, wrapped.subarray(0, 24), aad).decrypt(wrapped.subarray(24))).toEqual(dek)
  })
})
