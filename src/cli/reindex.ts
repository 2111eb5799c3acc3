import { openDataDir } from '../spine/data-dir.ts'
import { dataDirOf, print } from './common.ts'
import type { CommonOptions } from './common.ts'

/** `medledger reindex`: drop the index and rebuild it from the ledger, IPFS and the keystore. */
export async function reindexCommand (options: CommonOptions): Promise<number> {
  const dir = dataDirOf(options)
  const data = await openDataDir(dir)
  try {
    const started = performance.now()
    const rows = await data.spine.reindex()
    const ms = Math.round(performance.now() - started)
    print(options, `reindexed ${rows} record versions from ${data.ledger.size()} ledger entries in ${ms} ms`, { rows, entries: data.ledger.size(), ms })
    return 0
  } finally {
    await data.close()
  }
}
