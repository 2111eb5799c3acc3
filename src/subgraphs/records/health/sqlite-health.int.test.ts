import { join } from 'node:path'
import { healthStoreContract } from '../../../ports/health-store.contract.ts'
import type { HealthStore as HealthStorePort } from '../../../ports/health-store.ts'
import { tempDir } from '../../../../test/support/data.ts'
import { HealthStore, sqliteHealthStore } from './store.ts'

healthStoreContract('sqlite', async () => {
  const tmp = tempDir('medledger-health-contract-')
  const file = join(tmp.dir, 'health.db')
  const open: HealthStorePort[] = [sqliteHealthStore(new HealthStore(file))]
  return {
    store: open[0]!,
    async reopen () { const s = sqliteHealthStore(new HealthStore(file)); open.push(s); return s },
    async cleanup () { for (const s of open) await s.close(); tmp.cleanup() }
  }
})
