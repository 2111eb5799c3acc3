import { openFileKeys } from '../adapters/keys-file/index.ts'
import { openLogKey } from '../adapters/keys-file/log-key.ts'
import { openEmbeddedLedger } from '../adapters/ledger-embedded/embedded-ledger.ts'
import { migrateToPostgres, verifyPostgresLedger } from '../adapters/ledger-postgres/index.ts'
import { makeError } from '../core/errors.ts'
import { systemClock, systemRng } from '../ports/clock.ts'
import { dataPaths } from '../spine/data-dir.ts'
import { dataDirOf, print } from './common.ts'
import type { CommonOptions } from './common.ts'
import { verifyCommand } from './verify.ts'

/**
 * `medledger ledger migrate --to <postgres url>`: copies the data folder's embedded ledger into an empty
 * PostgreSQL ledger (every block and checkpoint root equal before and after), then verifies the copy.
 * `medledger ledger verify [--from <postgres url>]`: verifies a PostgreSQL ledger, or the data folder.
 * The URL defaults to MEDLEDGER_POSTGRES_URL.
 * @throws MedledgerError BAD_INPUT for an unknown subcommand or no URL; CONFLICT when the target is not empty;
 *   LEDGER_CORRUPT / LEDGER_BAD_SIGNATURE when either ledger does not verify
 */
export async function ledgerCommand (sub: string | undefined, options: CommonOptions & { to?: string, from?: string }): Promise<number> {
  const dir = dataDirOf(options)
  const paths = dataPaths(dir)
  if (sub === 'verify' && options.from === undefined && process.env.MEDLEDGER_POSTGRES_URL === undefined) return await verifyCommand(options)
  const url = (sub === 'migrate' ? options.to : options.from) ?? process.env.MEDLEDGER_POSTGRES_URL
  if (sub !== 'migrate' && sub !== 'verify') throw makeError('usage: medledger ledger migrate --to <url> | ledger verify [--from <url>]', 'BAD_INPUT')
  if (url === undefined) throw makeError(`ledger ${sub} needs ${sub === 'migrate' ? '--to' : '--from'} <postgres url> or MEDLEDGER_POSTGRES_URL`, 'BAD_INPUT')
  const keys = openFileKeys({ dir: paths.keys, rng: systemRng, clock: systemClock })
  const signer = keys.ledgerSigner().address
  keys.close()
  if (sub === 'verify') {
    const report = await verifyPostgresLedger(url, { trustedSigners: [signer] })
    print(options, `OK: ${report.entries} entries (${report.integrated} integrated), ${report.blocks} blocks in PostgreSQL`, report)
    return 0
  }
  const ledger = openEmbeddedLedger({ dir: paths.ledger, clock: systemClock, trustedSigners: [signer], readOnly: true })
  try {
    const noteSigner = openLogKey({ dir: paths.keys, rng: systemRng })
    const moved = await migrateToPostgres(ledger, { url, noteSigner })
    const checked = await verifyPostgresLedger(url, { trustedSigners: [signer] })
    const report = { ...moved, verified: checked, root: ledger.latestBlock()?.root ?? null }
    print(options, `migrated ${moved.entries} entries and ${moved.blocks} blocks (latest root ${report.root ?? 'none'}); the copy verifies`, report)
    return 0
  } finally {
    await ledger.close()
  }
}
