import { join } from 'node:path'
import { importStateContract } from '../ports/import-state.contract.ts'
import type { ImportState } from '../ports/import-state.ts'
import { tempDir } from '../../test/support/data.ts'
import { ImportStateStore, sqliteImportState } from './state-store.ts'

importStateContract('sqlite', async () => {
  const tmp = tempDir('medledger-import-contract-')
  const file = join(tmp.dir, 'import.db')
  const open: ImportState[] = [sqliteImportState(new ImportStateStore(file))]
  return {
    state: open[0]!,
    async reopen () { const s = sqliteImportState(new ImportStateStore(file)); open.push(s); return s },
    async cleanup () { for (const s of open) await s.close(); tmp.cleanup() }
  }
})
