import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createHeliaBodyStore } from '../adapters/helia/index.ts'
import { openFileKeys } from '../adapters/keys-file/index.ts'
import { openLogKey } from '../adapters/keys-file/log-key.ts'
import { nodeEcdh } from '../adapters/node-crypto/index.ts'
import { openSodiumAead } from '../adapters/sodium/index.ts'
import { openEmbeddedLedger } from '../adapters/ledger-embedded/embedded-ledger.ts'
import type { EmbeddedLedger } from '../adapters/ledger-embedded/embedded-ledger.ts'
import { openSqliteRecordIndex } from '../adapters/sqlite/index.ts'
import type { NoteSigner } from '../core/tlog/checkpoint.ts'
import type { Clock, Rng } from '../core/types.ts'
import type { BodyStore } from '../ports/body-store.ts'
import { systemClock, systemRng } from '../ports/clock.ts'
import type { Keys } from '../ports/keys.ts'
import type { RecordIndex } from '../ports/record-index.ts'
import { RecordSpine } from './record-spine.ts'

/** Where each embedded port keeps its files inside a data folder. */
export function dataPaths (dir: string): { keys: string, ipfs: string, ledger: string, index: string } {
  const root = resolve(dir)
  return { keys: join(root, 'keys'), ipfs: join(root, 'ipfs'), ledger: join(root, 'ledger'), index: join(root, 'index.db') }
}

/** The default data folder: `$MEDLEDGER_DATA`, else `./.medledger`. */
export function defaultDataDir (): string {
  return process.env.MEDLEDGER_DATA ?? '.medledger'
}

export interface OpenOptions {
  clock?: Clock
  rng?: Rng
  blockMaxEntries?: number
  /** fdatasync ledger appends (default true). */
  fsync?: boolean
}

/** Every embedded port of one data folder, wired into a record spine whose index has caught up. */
export interface DataDir {
  spine: RecordSpine
  bodies: BodyStore
  ledger: EmbeddedLedger
  index: RecordIndex
  keys: Keys
  /** The ledger's Ed25519 log key (C2SP checkpoints); its name is the log's origin. */
  noteSigner: NoteSigner
  close(): Promise<void>
}

/**
 * Opens (creating on first use) a data folder with every port on its embedded default, then brings the
 * index up to the ledger, so entries acknowledged before a crash are searchable again.
 * @throws MedledgerError LEDGER_CORRUPT / LEDGER_BAD_SIGNATURE / KEYSTORE_CORRUPT when the folder does not verify
 */
export async function openDataDir (dir: string, options: OpenOptions = {}): Promise<DataDir> {
  const paths = dataPaths(dir)
  mkdirSync(resolve(dir), { recursive: true })
  const clock = options.clock ?? systemClock
  const rng = options.rng ?? systemRng
  // libsodium's WASM XChaCha20-Poly1305 for bodies and DEK wraps (4–11× noble per call; bit-identical)
  const aead = await openSodiumAead()
  const keys = openFileKeys({ dir: paths.keys, rng, clock, aead })
  const closers: Array<() => unknown> = [() => keys.close()]
  try {
    const noteSigner = openLogKey({ dir: paths.keys, rng })
    const ledger = openEmbeddedLedger({
      dir: paths.ledger, signer: keys.ledgerSigner(), noteSigner, clock, blockMaxEntries: options.blockMaxEntries, fsync: options.fsync
    })
    closers.push(async () => ledger.close())
    const index = openSqliteRecordIndex(paths.index)
    closers.push(() => index.close())
    const bodies = await createHeliaBodyStore({ dir: paths.ipfs })
    closers.push(async () => bodies.close())
    const spine = new RecordSpine({ bodies, ledger, index, keys, clock, rng, ecdh: nodeEcdh, aead })
    // Entries acknowledged before a crash are in the ledger; seal them and let the index catch up.
    await spine.flush()
    await spine.catchUp()
    const close = async (): Promise<void> => {
      await spine.flush()
      await spine.releaseSealers()
      for (const c of closers.reverse()) await c()
    }
    return { spine, bodies, ledger, index, keys, noteSigner, close }
  } catch (err) {
    for (const c of closers.reverse()) await c()
    throw err
  }
}
