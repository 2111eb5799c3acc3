import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fundingCampaignsContract } from '../../ports/funding-campaigns.contract.ts'
import { openSqliteFundingCampaigns } from './funding-store.ts'

fundingCampaignsContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'medledger-funding-'))
  const file = join(dir, 'research-funding.db')
  const store = openSqliteFundingCampaigns(file)
  return {
    store,
    reopen: async () => openSqliteFundingCampaigns(file),
    async cleanup () { store.close(); rmSync(dir, { recursive: true, force: true }) }
  }
})
