import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sessionStoreContract } from '../../ports/session-store.contract.ts'
import { asyncSessionStore, openSessionStore } from './sessions.ts'

sessionStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'session-store-'))
  const file = join(dir, 'sessions.db')
  const a = asyncSessionStore(openSessionStore(file))
  const b = asyncSessionStore(openSessionStore(file))
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
