import { existsSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { SigningKey, computeAddress } from 'ethers'
import { rewrapDek, unwrapDekForService, wrapDekForService } from '../../core/envelope/index.ts'
import type { Aead, Kek } from '../../core/envelope/index.ts'
import { makeError } from '../../core/errors.ts'
import type { Clock, RecordBinding, Rng } from '../../core/types.ts'
import { systemClock } from '../../ports/clock.ts'
import type { KeyedDek, Keys, LedgerSigner, StoredBinding } from '../../ports/keys.ts'
import { transaction } from '../sqlite/sqlite-db.ts'
import { KEK_ENV, KEY_FILE_FORMAT, decodeEnvKek, kekEntry, newSignerKey, readKeyFile, stampOf, writeKeyFile } from './key-file.ts'
import type { LoadedKeyFile } from './key-file.ts'
import { allBindings, openKeystoreDb, toWrappedRow } from './keystore-db.ts'

export interface FileKeysOptions {
  /** Folder of `keys.json` and `keystore.db`; created (0700) when missing. */
  dir: string
  /** Source of new KEKs, the signing key and wrap nonces. */
  rng: Rng
  /** Stamps KEK creation times (default: system clock). */
  clock?: Clock
  /** XChaCha20-Poly1305 of the DEK wraps (default: core's noble; openDataDir passes libsodium's). */
  aead?: Aead
}

/**
 * The Keys port on two files in `dir`:
 * - `keys.json` (mode 0600, replaced atomically): KEK versions and the ledger's secp256k1 signing key;
 *   created on first open. Back it up apart from the data: without it the keystore cannot be opened.
 * - `keystore.db` (SQLite, WAL, synchronous FULL): one wrapped DEK per record version.
 *
 * Environment: when `MEDLEDGER_KEK` (64 hex characters) is set, it is KEK version 1 instead of the
 * file's, and a keystore created with it set keeps only that key's fingerprint in `keys.json`, so the
 * data folder alone cannot unwrap anything. Later versions made by `rotateKek` live in `keys.json`.
 *
 * Rotation takes the keystore's write lock, appends the new KEK to `keys.json`, then rewraps every row
 * in one transaction; old KEKs stay, and each row records its KEK version, so a crash at any point
 * leaves every row openable. Another process's rotation is picked up from `keys.json` when seen.
 * Keys never leave: no method returns a KEK or the signing key, and none is logged.
 *
 * @throws MedledgerError KEYSTORE_CORRUPT when `keys.json` is group/world accessible, malformed, older
 *   than the keystore (rows under a KEK it lacks), or missing while `keystore.db` exists;
 *   KEY_NOT_FOUND when KEK version 1 is external and `MEDLEDGER_KEK` is unset; CONFLICT when
 *   `MEDLEDGER_KEK` is not the key this keystore was created with; BAD_INPUT when it is not 64 hex
 */
export function openFileKeys (options: FileKeysOptions): Keys {
  const { dir, rng, clock = systemClock, aead } = options
  const keyFile = join(dir, 'keys.json')
  const dbFile = join(dir, 'keystore.db')
  const envKek = decodeEnvKek(process.env[KEK_ENV])
  mkdirSync(dir, { recursive: true, mode: 0o700 })

  if (!existsSync(keyFile)) {
    if (existsSync(dbFile)) throw makeError('keys.json is missing but keystore.db exists; restore keys.json from its backup', 'KEYSTORE_CORRUPT')
    const kek1 = envKek ?? rng.bytes(32)
    const privateKey = newSignerKey((n) => rng.bytes(n))
    writeKeyFile(keyFile, {
      format: KEY_FILE_FORMAT,
      keks: [kekEntry(1, kek1, clock.now(), envKek !== undefined)],
      ledgerSigner: { privateKey, address: computeAddress(privateKey) }
    })
    if (envKek === undefined) kek1.fill(0)
  }
  let loaded: LoadedKeyFile = readKeyFile(keyFile, envKek)
  const signingKey = new SigningKey(loaded.signerKey)
  const signer: LedgerSigner = Object.freeze({
    address: computeAddress(signingKey.publicKey),
    signDigest (digest: Uint8Array): string {
      if (!(digest instanceof Uint8Array)) throw new TypeError('digest must be a Uint8Array')
      if (digest.length !== 32) throw new RangeError('digest must be 32 bytes')
      return signingKey.sign(digest).serialized
    }
  })

  const ks = openKeystoreDb(dbFile)
  const { db } = ks
  let closed = false
  try {
    const highest = Number(ks.maxKekVersion.get()?.v ?? 0)
    if (highest > loaded.keks.length) {
      throw makeError('keystore.db has keys under a KEK that keys.json lacks; restore the newer keys.json', 'KEYSTORE_CORRUPT', { kekVersion: highest })
    }
  } catch (err) {
    db.close()
    throw err
  }

  /** Re-reads keys.json when another process replaced it (a rotation). */
  function refresh (): void {
    if (stampOf(statSync(keyFile)) === loaded.stamp) return
    const next = readKeyFile(keyFile, envKek)
    const sameKeks = loaded.content.keks.every((k, i) => next.content.keks[i]?.check === k.check)
    if (!sameKeks || next.signerKey !== loaded.signerKey) {
      wipe(next)
      throw makeError('keys.json changed its existing keys', 'KEYSTORE_CORRUPT')
    }
    // The previous keys are dropped, not wiped: a caller up the stack may still hold one of them.
    loaded = next
  }

  function currentKek (): Kek {
    return loaded.keks[loaded.keks.length - 1]!
  }

  function kekFor (version: number): Kek {
    if (loaded.keks[version - 1] === undefined) refresh()
    const kek = loaded.keks[version - 1]
    if (kek === undefined) throw makeError('a wrapped key refers to an unknown KEK version', 'KEYSTORE_CORRUPT', { kekVersion: version })
    return kek
  }

  return {
    wrapDeks (items: KeyedDek[]): void {
      if (!Array.isArray(items)) throw new TypeError('wrapDeks expects an array of { binding, dek }')
      transaction(db, () => {
        refresh()
        const kek = currentKek()
        for (const { binding, dek } of items) {
          const w = wrapDekForService(dek, binding, kek, rng, aead)
          const result = ks.insert.run(binding.recordId, binding.version, binding.patientId, w.kekVersion, w.wrapped)
          if (Number(result.changes) === 0 && ks.get.get(binding.recordId, binding.version)?.patient_id !== binding.patientId) {
            throw makeError('a key for this record version is stored for another patient', 'CONFLICT', { version: binding.version })
          }
        }
      })
    },

    unwrapDek (binding: RecordBinding): Uint8Array {
      assertBinding(binding)
      const found = ks.get.get(binding.recordId, binding.version)
      if (found === undefined) throw makeError('no key for this record version', 'KEY_NOT_FOUND', { version: binding.version })
      const row = toWrappedRow(found)
      if (row.patientId !== binding.patientId) throw makeError('decryption failed', 'DECRYPT_FAILED')
      return unwrapDekForService({ kekVersion: row.kekVersion, wrapped: row.wrapped }, binding, kekFor(row.kekVersion), aead)
    },

    binding (recordId: string, version: number): StoredBinding | undefined {
      const found = ks.get.get(recordId, version)
      if (found === undefined) return undefined
      const { wrapped: _wrapped, ...binding } = toWrappedRow(found)
      return binding
    },

    bindings: () => allBindings(db),

    rotateKek (): { version: number, rewrapped: number } {
      return transaction(db, () => {
        refresh()
        const next: Kek = { version: loaded.keks.length + 1, key: rng.bytes(32) }
        writeKeyFile(keyFile, { ...loaded.content, keks: [...loaded.content.keks, kekEntry(next.version, next.key, clock.now(), false)] })
        next.key.fill(0)
        refresh()
        const kek = currentKek()
        let rewrapped = 0
        let after: [string, number] = ['', -1]
        for (;;) {
          const page = ks.page.all(kek.version, ...after).map(toWrappedRow)
          for (const row of page) {
            const w = rewrapDek({ kekVersion: row.kekVersion, wrapped: row.wrapped }, row, kekFor(row.kekVersion), kek, rng, aead)
            ks.update.run(w.kekVersion, w.wrapped, row.recordId, row.version)
            rewrapped++
          }
          const last = page[page.length - 1]
          if (last === undefined) break
          after = [last.recordId, last.version]
        }
        return { version: kek.version, rewrapped }
      })
    },

    currentKekVersion (): number {
      refresh()
      return currentKek().version
    },

    shred (recordId: string): number {
      if (typeof recordId !== 'string') throw new TypeError('recordId must be a string')
      const removed = Number(ks.remove.run(recordId).changes)
      // secure_delete zeroes the freed pages; truncating the WAL drops its older copies of them.
      if (removed > 0) db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
      return removed
    },

    ledgerSigner: () => signer,

    close (): void {
      if (closed) return
      closed = true
      wipe(loaded)
      db.close()
    }
  }
}

function wipe (file: LoadedKeyFile): void {
  for (const kek of file.keks) kek.key.fill(0)
}

function assertBinding (binding: RecordBinding): void {
  if (binding === null || typeof binding !== 'object' || typeof binding.recordId !== 'string' ||
    typeof binding.patientId !== 'string' || !Number.isSafeInteger(binding.version)) {
    throw makeError('binding must be { recordId, version, patientId }', 'BAD_INPUT')
  }
}
