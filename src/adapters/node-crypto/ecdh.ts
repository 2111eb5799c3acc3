import { createECDH, createPublicKey, diffieHellman, ECDH, generateKeyPair } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import type { Ecdh } from '../../core/envelope/index.ts'

/**
 * The envelope's secp256k1 work on Node's OpenSSL (the Ecdh port of src/core/envelope/ecdh-port.ts).
 * Bit-identical to core's noble default (ecdh.int.test.ts), ~2.5× faster here: a sealer's public key plus
 * ECDH costs ~1.9 ms instead of ~5 ms, and the import makes one sealer per patient per batch.
 *
 * `agreeFresh` does both scalar multiplications on libuv's thread pool (OpenSSL key generation, then
 * `diffieHellman` with a callback): the spine starts a batch's sealers before it canonicalizes the batch,
 * so on a second core they cost the import almost nothing (~0.1 ms of this thread per sealer).
 *
 * Secrets: the secret key is copied into an OpenSSL ECDH object, which frees (and clears) it when the
 * object is garbage-collected; it cannot be wiped earlier from JS. The returned x is a fresh array the
 * caller wipes; Node's own Buffer copy of it is zeroed here.
 */
export const nodeEcdh: Ecdh = Object.freeze({
  compress (publicKey: Uint8Array): Uint8Array | undefined {
    if (!(publicKey instanceof Uint8Array) || (publicKey.length !== 33 && publicKey.length !== 65)) return undefined
    try {
      // decodes (and so checks) the point: OpenSSL rejects an x with no y and an (x, y) off the curve
      return new Uint8Array(ECDH.convertKey(publicKey, 'secp256k1', undefined, undefined, 'compressed') as Buffer)
    } catch {
      return undefined
    }
  },

  agree (secretKey: Uint8Array, point: Uint8Array): { publicKey: Uint8Array, sharedX: Uint8Array } {
    const ecdh = createECDH('secp256k1')
    ecdh.setPrivateKey(secretKey) // throws for 0 or >= n
    const publicKey = new Uint8Array(ecdh.getPublicKey(null, 'compressed'))
    const secret = ecdh.computeSecret(point) // x of secretKey · point, left-padded to 32 bytes; throws for a bad point
    const sharedX = new Uint8Array(secret)
    secret.fill(0)
    return { publicKey, sharedX }
  },

  async agreeFresh (point: Uint8Array): Promise<{ publicKey: Uint8Array, sharedX: Uint8Array }> {
    const patient = spkiKey(point) // throws for a bad point, before any work is queued
    const pair = ready.shift() ?? await freshKeyPair() // no await when a pair is ready: the ECDH is queued at once
    // the ephemeral secret stays in OpenSSL (freed and cleared with its KeyObject); only its public half is read
    const der = pair.publicKey.export({ type: 'spki', format: 'der' }) // uncompressed: ... 04 || x || y
    if (der.length !== 88 || der[23] !== 4) throw new Error('OpenSSL returned a malformed public key')
    const publicKey = new Uint8Array(33)
    publicKey[0] = 2 + (der[87]! & 1)
    publicKey.set(der.subarray(24, 56), 1)
    const secret = await agreeOffThread(pair.privateKey, patient).finally(refillPool)
    const sharedX = new Uint8Array(secret)
    secret.fill(0)
    return { publicKey, sharedX }
  }
})

/** DER prefix of a SubjectPublicKeyInfo holding a compressed secp256k1 point (RFC 5480: id-ecPublicKey, secp256k1). */
const SPKI_SECP256K1_COMPRESSED = Buffer.from('3036301006072a8648ce3d020106052b8104000a032200', 'hex')

/**
 * Patients' public KeyObjects by compressed point (decoding one costs ~0.15–0.4 ms, and a patient's records
 * span several batches of an import). Public data only; the oldest entry goes first past PATIENT_KEYS.
 */
const PATIENT_KEYS = 1024
const patientKeys = new Map<string, KeyObject>()

/** A public KeyObject of a 33-byte compressed point; throws for anything else or a point off the curve. */
function spkiKey (point: Uint8Array): KeyObject {
  if (!(point instanceof Uint8Array) || point.length !== 33) throw new Error('expected a 33-byte compressed point')
  const id = Buffer.from(point.buffer, point.byteOffset, point.length).toString('hex')
  let key = patientKeys.get(id)
  if (key === undefined) {
    key = createPublicKey({ key: Buffer.concat([SPKI_SECP256K1_COMPRESSED, point]), format: 'der', type: 'spki' })
    if (patientKeys.size >= PATIENT_KEYS) patientKeys.delete(patientKeys.keys().next().value!)
    patientKeys.set(id, key)
  }
  return key
}

interface KeyPair { publicKey: KeyObject, privateKey: KeyObject }

/**
 * Ephemeral key pairs generated ahead on the thread pool: a key pair does not depend on the patient, so a
 * sealer waits only for its ECDH while the pairs for the next batches are made alongside other work. Each
 * pair is used once; at most POOL_SIZE wait (in OpenSSL memory, never in JS) until the process needs them.
 * Ready pairs are plain values so that agreeFresh queues its ECDH before it first yields: the spine
 * canonicalizes a batch synchronously right after starting its sealers.
 */
const POOL_SIZE = 8
const ready: KeyPair[] = []
let generating = 0

/** Called once a sealer's ECDH is done, so the refill does not compete with it for the thread pool. */
function refillPool (): void {
  while (ready.length + generating < POOL_SIZE) {
    generating++
    freshKeyPair().then((pair) => { ready.push(pair) }, () => {}) // a failed pair is simply not pooled
      .finally(() => { generating-- })
  }
}

async function freshKeyPair (): Promise<KeyPair> {
  return new Promise((resolve, reject) => {
    generateKeyPair('ec', { namedCurve: 'secp256k1' }, (err, publicKey, privateKey) => { if (err === null) resolve({ publicKey, privateKey }); else reject(err) })
  })
}

/**
 * x of privateKey · publicKey (32 bytes, left-padded), computed on the thread pool. Node before 23.11
 * (engines allows 22.18+) has no callback form: it ignores the callback and returns the secret, computed
 * on this thread, which is then taken as is (otherwise the promise would never settle and the write hang).
 */
async function agreeOffThread (privateKey: KeyObject, publicKey: KeyObject): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sync: unknown = diffieHellman({ privateKey, publicKey }, (err: Error | null, secret: Buffer) => { if (err === null) resolve(secret); else reject(err) })
    if (sync instanceof Uint8Array) resolve(Buffer.from(sync.buffer, sync.byteOffset, sync.byteLength))
  })
}
