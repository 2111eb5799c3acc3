import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { openWithPatientKey } from '../../core/envelope/index.ts'
import { makeError } from '../../core/errors.ts'
import type { Rng } from '../../core/types.ts'
import type { CustodialKeys } from '../../ports/custodial-keys.ts'
import { openDatabase } from '../sqlite/sqlite-db.ts'

const encoder = new TextEncoder()

/**
 * Opens the custodial key store of a keys folder: `custodial.db` (SQLite, synchronous FULL) holds each
 * owner's public key and private key sealed with XChaCha20-Poly1305 under a master key in `custodial.key`
 * (0600, created on first use; back both up with the rest of `keys/`). The owner id is the AAD, so a sealed
 * key moved to another owner does not open.
 * @throws Error from node:fs / node:sqlite when the files cannot be created or read
 */
export function openCustodialKeys (options: { dir: string, rng: Rng }): CustodialKeys {
  mkdirSync(options.dir, { recursive: true, mode: 0o700 })
  const master = loadMaster(join(options.dir, 'custodial.key'), options.rng)
  const db = openDatabase(join(options.dir, 'custodial.db'), { synchronous: 'FULL' })
  db.exec('CREATE TABLE IF NOT EXISTS custodial_keys (owner_id TEXT PRIMARY KEY, public_key BLOB NOT NULL, sealed_key BLOB NOT NULL) STRICT')
  const get = db.prepare('SELECT public_key, sealed_key FROM custodial_keys WHERE owner_id = ?')
  const insert = db.prepare('INSERT OR IGNORE INTO custodial_keys (owner_id, public_key, sealed_key) VALUES (?, ?, ?)')
  const remove = db.prepare('DELETE FROM custodial_keys WHERE owner_id = ?')
  const cache = new Map<string, Uint8Array>()

  function privateKey (ownerId: string): Uint8Array {
    const row = get.get(ownerId)
    if (row === undefined) throw makeError('no custodial key for this owner', 'KEY_NOT_FOUND')
    const sealed = row.sealed_key as Uint8Array
    return xchacha20poly1305(master, sealed.subarray(0, 24), encoder.encode(ownerId)).decrypt(sealed.subarray(24))
  }

  return {
    ensure (ownerId) {
      const known = this.publicKey(ownerId)
      if (known !== undefined) return known
      const secret = secp256k1.utils.randomSecretKey(options.rng.bytes(48))
      const nonce = options.rng.bytes(24)
      const sealed = xchacha20poly1305(master, nonce, encoder.encode(ownerId)).encrypt(secret)
      const publicKey = secp256k1.getPublicKey(secret, true)
      secret.fill(0)
      const blob = new Uint8Array(24 + sealed.length)
      blob.set(nonce)
      blob.set(sealed, 24)
      insert.run(ownerId, publicKey, blob)
      cache.delete(ownerId)
      return this.publicKey(ownerId)!
    },
    publicKey (ownerId) {
      const hit = cache.get(ownerId)
      if (hit !== undefined) return hit
      const row = get.get(ownerId)
      if (row === undefined) return undefined
      const key = new Uint8Array(row.public_key as Uint8Array)
      cache.set(ownerId, key)
      return key
    },
    open (ownerId, envelope) {
      const secret = privateKey(ownerId)
      try {
        return openWithPatientKey(envelope, secret, ownerId).plaintext
      } finally {
        secret.fill(0)
      }
    },
    destroy (ownerId) {
      cache.delete(ownerId)
      return Number(remove.run(ownerId).changes) > 0
    },
    close () { if (db.isOpen) db.close() }
  }
}

function loadMaster (file: string, rng: Rng): Uint8Array {
  if (!existsSync(file)) {
    writeFileSync(file, Buffer.from(rng.bytes(32)).toString('hex') + '\n', { mode: 0o600, flag: 'wx' })
    chmodSync(file, 0o600)
  }
  const hex = readFileSync(file, 'utf8').trim()
  if (!/^[0-9a-f]{64}$/.test(hex)) throw makeError('custodial.key is not 32 bytes of hex', 'KEYSTORE_CORRUPT')
  return new Uint8Array(Buffer.from(hex, 'hex'))
}
