import { join } from 'node:path'
import { openFileKeys } from '../adapters/keys-file/index.ts'
import { systemRng } from '../ports/clock.ts'
import { dataPaths } from '../spine/data-dir.ts'
import { dataDirOf, print } from './common.ts'
import type { CommonOptions } from './common.ts'

/** `medledger keys create|rotate|show`. Prints versions and the signer address, never key material. */
export async function keysCommand (action: string | undefined, options: CommonOptions): Promise<number> {
  const dir = dataPaths(dataDirOf(options)).keys
  const keys = openFileKeys({ dir, rng: systemRng })
  try {
    switch (action) {
      case 'create':
      case 'show': {
        const info = { kekVersion: keys.currentKekVersion(), signer: keys.ledgerSigner().address, keyFile: join(dir, 'keys.json') }
        print(options, `KEK v${info.kekVersion}; ledger signer ${info.signer}; key file ${info.keyFile} (0600)`, info)
        return 0
      }
      case 'rotate': {
        const result = keys.rotateKek()
        print(options, `KEK rotated to v${result.version}; ${result.rewrapped} data keys rewrapped; bodies and CIDs unchanged`, result)
        return 0
      }
      default:
        process.stderr.write('medledger keys: expected create, rotate or show\n')
        return 2
    }
  } finally {
    keys.close()
  }
}
