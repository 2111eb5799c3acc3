// Two processes' services over one PostgreSQL (each with its own data folder, as two cluster nodes): the
// emergency and health stores the subgraphs reach through emergencyStore(ctx) and healthStore(services) are
// the PostgreSQL adapters, so what one node writes the other reads at once, a nonce spent on one is refused on
// the other, and closing one node's services leaves the other's pool working.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emergencyStore } from '../../src/subgraphs/emergency/index.ts'
import { healthStore } from '../../src/subgraphs/records/health/store.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { tempDir } from '../support/data.ts'
import { testDatabase } from '../support/postgres.ts'

let db: Awaited<ReturnType<typeof testDatabase>>
const dirs = [tempDir('medledger-node-a-'), tempDir('medledger-node-b-')]
let a: Awaited<ReturnType<typeof openServices>>
let b: Awaited<ReturnType<typeof openServices>>

beforeAll(async () => {
  db = await testDatabase()
  a = await openServices({ dataDir: dirs[0]!.dir, ownsData: false, postgresUrl: db.url })
  b = await openServices({ dataDir: dirs[1]!.dir, ownsData: false, postgresUrl: db.url })
})
afterAll(async () => {
  await a.close()
  await b.close()
  await db.drop()
  for (const d of dirs) d.cleanup()
})

describe('emergency and health state on PostgreSQL, shared by two nodes', () => {
  it('shares contacts, requests and nonces between nodes, and keeps no emergency.db', async () => {
    await emergencyStore({ services: a }).setContacts('p1', ['c1', 'c2'], 2, { status: 'ACCEPTED' })
    expect((await emergencyStore({ services: b }).contactsOf(['p1'])).get('p1')!.contacts.map((c) => c.personId)).toEqual(['c1', 'c2'])
    await emergencyStore({ services: a }).aid.spend('0xSigner', 'nonce-1')
    await expect(emergencyStore({ services: b }).aid.spend('0xSigner', 'nonce-1')).rejects.toMatchObject({ code: 'CONFLICT', info: { reason: 'REPLAYED' } })
    await emergencyStore({ services: b }).aid.openRequest({ id: 'r1', patientId: 'p1', practitionerId: 'd1', requester: 'account:d1', reason: 'collapse', status: 'OPEN', openedAt: 1 },
      [{ id: 'n1', requestId: 'r1', contactId: 'c1', time: 1 }])
    expect(await emergencyStore({ services: a }).aid.inbox('c1')).toEqual([{ id: 'n1', requestId: 'r1', contactId: 'c1', time: 1, kind: 'REQUEST' }])
    expect(existsSync(join(dirs[0]!.dir, 'emergency.db'))).toBe(false)
  })

  it('shares reviews and price regions between nodes; one review per encounter across both', async () => {
    await healthStore(a).setRegion('o1', 'US-NY')
    expect(await healthStore(b).regionOf('o1')).toBe('US-NY')
    const review = { encounterId: 'e1', patientId: 'p1', practitionerId: 'd1', organizationId: 'o1', attitude: 4, outcome: 5, comment: null, time: 10, entryIndex: 3 }
    const results = await Promise.allSettled([healthStore(a).addReview(review), healthStore(b).addReview({ ...review, attitude: 1 })])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(await healthStore(a).reviewsOf('d1')).toHaveLength(1)
  })
})
