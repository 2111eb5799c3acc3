import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tokenBankContract } from '../../ports/token-bank.contract.ts'
import { openSqliteTokenBank } from './token-bank.ts'

tokenBankContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'medledger-tokens-'))
  const file = join(dir, 'tokens.db')
  const bank = openSqliteTokenBank(file)
  return {
    bank,
    reopen: async () => openSqliteTokenBank(file),
    async cleanup () { bank.close(); rmSync(dir, { recursive: true, force: true }) }
  }
})
