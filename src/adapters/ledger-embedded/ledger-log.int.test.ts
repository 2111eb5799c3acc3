import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SigningKey, Wallet } from 'ethers'
import { canonicalJson } from '../../core/canonical-json.ts'
import { ed25519NoteSigner, verifierKey } from '../../core/tlog/checkpoint.ts'
import { ledgerLogContract } from '../../ports/ledger.contract.ts'
import type { LedgerSigner } from '../../ports/keys.ts'
import { tempDir } from '../../../test/support/data.ts'
import { openEmbeddedLedger } from './embedded-ledger.ts'

const key = new SigningKey('0x' + '11'.repeat(32))
const signer: LedgerSigner = { address: new Wallet(key).address, signDigest: (d) => key.sign(d).serialized }
const note = ed25519NoteSigner('test.medledger/embedded', new Uint8Array(32).fill(3))
const clock = { now: () => 1_700_000_000_000 }

ledgerLogContract('embedded', async ({ blockMaxEntries }) => {
  const tmp = tempDir()
  const open = (): ReturnType<typeof openEmbeddedLedger> => openEmbeddedLedger({ dir: tmp.dir, signer, clock, blockMaxEntries, fsync: false, noteSigner: note })
  const ledger = open()
  return {
    log: ledger.log('test.medledger/embedded'),
    vkey: verifierKey(note.name, note.publicKey),
    signer: signer.address,
    async tamper (index, entry) {
      await ledger.close()
      const file = join(tmp.dir, 'entries.ndjson')
      const lines = readFileSync(file, 'utf8').split('\n')
      lines[index] = canonicalJson(entry)
      writeFileSync(file, lines.join('\n'))
    },
    async verify () { await open().close() },
    async cleanup () { await ledger.close(); tmp.cleanup() }
  }
})
