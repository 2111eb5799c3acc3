import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { insuranceProgrammesContract } from '../../ports/insurance-programmes.contract.ts'
import { openSqliteInsuranceProgrammes } from './insurance-store.ts'

insuranceProgrammesContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'medledger-insurance-'))
  const file = join(dir, 'research-insurance.db')
  const store = openSqliteInsuranceProgrammes(file)
  return {
    store,
    reopen: async () => openSqliteInsuranceProgrammes(file),
    async cleanup () { store.close(); rmSync(dir, { recursive: true, force: true }) }
  }
})
