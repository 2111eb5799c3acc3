import { existsSync, readFileSync, statSync, writeFileSync, renameSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { makeError } from '../../core/errors.ts'
import { fromHex, toHex } from '../../core/hex.ts'
import { ed25519NoteSigner } from '../../core/tlog/checkpoint.ts'
import type { NoteSigner } from '../../core/tlog/checkpoint.ts'
import type { Rng } from '../../core/types.ts'

/** The log's name in its checkpoints unless MEDLEDGER_LOG_ORIGIN says otherwise. */
export const DEFAULT_LOG_ORIGIN = 'medledger.local/ledger'

const FORMAT = 'medledger-log-key/1'

/**
 * The ledger's Ed25519 log key (signs C2SP checkpoints), in `log-key.json` (mode 0600) beside `keys.json`
 * and its secp256k1 block signer; created on first use. The key name is the log's origin
 * (`MEDLEDGER_LOG_ORIGIN`, default medledger.local/ledger), fixed when the key is made.
 * @throws MedledgerError KEYSTORE_CORRUPT when the file is group/world accessible or malformed
 */
export function openLogKey (options: { dir: string, rng: Rng, origin?: string }): NoteSigner {
  const file = join(options.dir, 'log-key.json')
  if (!existsSync(file)) {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 })
    const origin = options.origin ?? process.env.MEDLEDGER_LOG_ORIGIN ?? DEFAULT_LOG_ORIGIN
    const tmp = `${file}.tmp`
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, origin, privateKey: toHex(options.rng.bytes(32)) }) + '\n', { mode: 0o600 })
    renameSync(tmp, file)
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw makeError('log-key.json is accessible to group or others; run chmod 600 on it', 'KEYSTORE_CORRUPT')
  }
  let content: { format?: unknown, origin?: unknown, privateKey?: unknown }
  try { content = JSON.parse(readFileSync(file, 'utf8')) as typeof content } catch { throw makeError('log-key.json is not valid JSON', 'KEYSTORE_CORRUPT') }
  if (content.format !== FORMAT || typeof content.origin !== 'string' || typeof content.privateKey !== 'string' || !/^[0-9a-f]{64}$/.test(content.privateKey)) {
    throw makeError('log-key.json is malformed', 'KEYSTORE_CORRUPT')
  }
  return ed25519NoteSigner(content.origin, fromHex(content.privateKey))
}
