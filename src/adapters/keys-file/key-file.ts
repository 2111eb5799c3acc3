import { createHash, randomUUID } from 'node:crypto'
import { closeSync, fstatSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import type { Stats } from 'node:fs'
import { dirname } from 'node:path'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { computeAddress } from 'ethers'
import { makeError } from '../../core/errors.ts'
import { fromHex, toHex } from '../../core/hex.ts'
import type { Kek } from '../../core/envelope/index.ts'

/**
 * `keys.json`: the service's key material, mode 0600, replaced atomically (temp file, fsync, rename,
 * fsync of the folder). Nothing here is ever logged or put in an error's message or info.
 *
 * ```json
 * { "format": "medledger-keys/1",
 *   "keks": [{ "version": 1, "key": "<64 hex>", "check": "<16 hex>", "createdAt": 1700000000000 }],
 *   "ledgerSigner": { "privateKey": "<64 hex>", "address": "0x…" } }
 * ```
 * A KEK held outside the file (MEDLEDGER_KEK) is stored as `{ version: 1, external: "MEDLEDGER_KEK", check, createdAt }`.
 * `check` is a short fingerprint (SHA-256 over a label and the key, 8 bytes) that catches a mistyped
 * or swapped key before it wraps anything.
 */
export const KEY_FILE_FORMAT = 'medledger-keys/1'
export const KEK_ENV = 'MEDLEDGER_KEK'

export interface KekEntry {
  version: number
  /** Hex key; absent when the key is held in MEDLEDGER_KEK. */
  key?: string
  external?: typeof KEK_ENV
  check: string
  createdAt: number
}

export interface KeyFileContent {
  format: typeof KEY_FILE_FORMAT
  keks: KekEntry[]
  ledgerSigner: { privateKey: string, address: string }
}

/** A parsed key file: the raw content (to append to) and the usable keys. */
export interface LoadedKeyFile {
  content: KeyFileContent
  keks: Kek[]
  signerKey: string
  /** Identity of the file read (inode, size, mtime): a change means another process rewrote it. */
  stamp: string
}

/** Fingerprint stored next to each KEK. */
export function kekCheck (key: Uint8Array): string {
  return createHash('sha256').update('medledger kek check v1').update(key).digest('hex').slice(0, 16)
}

/** A KEK file entry for a new key; `external` leaves the key out of the file. */
export function kekEntry (version: number, key: Uint8Array, createdAt: number, external: boolean): KekEntry {
  return external
    ? { version, external: KEK_ENV, check: kekCheck(key), createdAt }
    : { version, key: toHex(key), check: kekCheck(key), createdAt }
}

/**
 * Reads, checks and decodes the key file. `envKek` (MEDLEDGER_KEK, already decoded) replaces KEK version 1.
 * @throws MedledgerError KEYSTORE_CORRUPT when the file is group/world accessible, not valid JSON or
 *   malformed; KEY_NOT_FOUND when version 1 is external and `envKek` is absent; CONFLICT when `envKek`
 *   is not the key version 1 was created with
 */
export function readKeyFile (file: string, envKek: Uint8Array | undefined): LoadedKeyFile {
  const fd = openSync(file, 'r')
  let stats: Stats
  let text: string
  try {
    stats = fstatSync(fd)
    text = readFileSync(fd, 'utf8')
  } finally {
    closeSync(fd)
  }
  if (process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
    throw makeError('keys.json is accessible to group or others; run chmod 600 on it', 'KEYSTORE_CORRUPT', { mode: (stats.mode & 0o777).toString(8) })
  }
  let content: KeyFileContent
  try {
    content = JSON.parse(text) as KeyFileContent
  } catch {
    throw corrupt('keys.json is not valid JSON')
  }
  const { keks, signerKey } = decode(content, envKek)
  return { content, keks, signerKey, stamp: stampOf(stats) }
}

/** The stamp `readKeyFile` would report, without reading the file. */
export function stampOf (stats: Stats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}`
}

/** Writes the key file atomically with mode 0600. */
export function writeKeyFile (file: string, content: KeyFileContent): void {
  const tmp = `${file}.${randomUUID()}.tmp`
  try {
    const fd = openSync(tmp, 'wx', 0o600)
    try {
      writeFileSync(fd, JSON.stringify(content, null, 2) + '\n')
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, file)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
  fsyncDir(dirname(file))
}

/**
 * A valid secp256k1 private key from `rng`, as 0x-hex.
 * @throws MedledgerError BAD_INPUT when `rng` keeps returning invalid scalars
 */
export function newSignerKey (bytes: (n: number) => Uint8Array): string {
  for (let i = 0; i < 8; i++) {
    const candidate = bytes(32)
    if (secp256k1.utils.isValidSecretKey(candidate)) return '0x' + toHex(candidate)
  }
  throw makeError('rng gave no valid secp256k1 key', 'BAD_INPUT')
}

/**
 * MEDLEDGER_KEK decoded, or undefined when unset.
 * @throws MedledgerError BAD_INPUT when set but not 64 hex characters (the value is never echoed)
 */
export function decodeEnvKek (value: string | undefined): Uint8Array | undefined {
  if (value === undefined || value === '') return undefined
  if (!/^[0-9a-fA-F]{64}$/.test(value)) throw makeError(`${KEK_ENV} must be 64 hex characters (32 bytes)`, 'BAD_INPUT')
  return fromHex(value)
}

function decode (content: KeyFileContent, envKek: Uint8Array | undefined): { keks: Kek[], signerKey: string } {
  if (content === null || typeof content !== 'object' || content.format !== KEY_FILE_FORMAT) throw corrupt('keys.json has an unknown format')
  if (!Array.isArray(content.keks) || content.keks.length === 0) throw corrupt('keys.json holds no KEK')
  const keks = content.keks.map((entry, i): Kek => {
    if (entry === null || typeof entry !== 'object' || entry.version !== i + 1 || typeof entry.createdAt !== 'number' ||
      typeof entry.check !== 'string') throw corrupt('keys.json has a malformed KEK entry', i + 1)
    let key: Uint8Array
    if (entry.version === 1 && envKek !== undefined) {
      if (kekCheck(envKek) !== entry.check) {
        throw makeError(`${KEK_ENV} is not the KEK version 1 this keystore was created with`, 'CONFLICT', { kekVersion: 1 })
      }
      key = envKek.slice()
    } else if (entry.external === KEK_ENV) {
      throw makeError(`KEK version ${entry.version} is held in ${KEK_ENV}, which is not set`, 'KEY_NOT_FOUND', { kekVersion: entry.version })
    } else {
      if (typeof entry.key !== 'string' || !/^[0-9a-f]{64}$/.test(entry.key)) throw corrupt('keys.json has a malformed KEK', i + 1)
      key = fromHex(entry.key)
      if (kekCheck(key) !== entry.check) throw corrupt('keys.json has a KEK that fails its check', i + 1)
    }
    return { version: entry.version, key }
  })
  const signer = content.ledgerSigner
  if (signer === null || typeof signer !== 'object' || typeof signer.privateKey !== 'string' ||
    !/^0x[0-9a-f]{64}$/.test(signer.privateKey) || !secp256k1.utils.isValidSecretKey(fromHex(signer.privateKey.slice(2)))) {
    throw corrupt('keys.json has a malformed ledger signing key')
  }
  if (signer.address !== computeAddress(signer.privateKey)) throw corrupt('keys.json has a ledger address that is not its key\'s')
  return { keks, signerKey: signer.privateKey }
}

function corrupt (message: string, kekVersion?: number): Error {
  return makeError(message, 'KEYSTORE_CORRUPT', kekVersion === undefined ? {} : { kekVersion })
}

function fsyncDir (dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // Some platforms (Windows) cannot fsync a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
