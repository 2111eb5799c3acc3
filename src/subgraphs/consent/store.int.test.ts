import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { consentStoreContract } from '../../ports/consent-store.contract.ts'
import { asyncConsentStore, openConsentStore } from './store.ts'

consentStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'consent-store-'))
  const file = join(dir, 'consent.db')
  const a = asyncConsentStore(openConsentStore(file))
  const b = asyncConsentStore(openConsentStore(file))
  return {
    a,
    b,
    async cleanup () {
      a.close()
      b.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
})
