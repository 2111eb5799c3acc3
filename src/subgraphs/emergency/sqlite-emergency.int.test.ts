import { join } from 'node:path'
import { emergencyStoreContract } from '../../ports/emergency-store.contract.ts'
import { tempDir } from '../../../test/support/data.ts'
import { sqliteEmergencyStore } from './sqlite-emergency.ts'
import { openEmergencyStore } from './store.ts'

emergencyStoreContract('sqlite', async (clock) => {
  const tmp = tempDir('medledger-emergency-contract-')
  const store = sqliteEmergencyStore(openEmergencyStore(join(tmp.dir, 'emergency.db'), clock))
  return { store, async cleanup () { await store.close(); tmp.cleanup() } }
})
