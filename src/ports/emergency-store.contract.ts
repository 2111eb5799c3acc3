/**
 * The contract every {@link EmergencyStore} passes (SQLite and PostgreSQL adapters alike):
 * `emergencyStoreContract('sqlite', make)` from a `*.int.test.ts` file. Errors are checked by `code` and
 * `reason`, never by message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AidContractRow, EmergencyRequestRow, EmergencyStore, FieldRequestRow } from './emergency-store.ts'

/** A fresh, empty store on a clock the test moves, and how to drop it. */
export type MakeEmergencyStore = (clock: { now(): number }) => Promise<{
  store: EmergencyStore
  /** A second handle on the same state (another process's view), when the adapter has one. */
  twin?: () => Promise<EmergencyStore>
  cleanup(): Promise<void>
}>

const request = (id: string, patientId = 'p1', openedAt = 1_000): EmergencyRequestRow =>
  ({ id, patientId, practitionerId: 'dr', requester: 'account:dr', reason: 'collapse', status: 'OPEN', openedAt })
const contract = (id: string, requestId: string, start: number, breakGlass = false): AidContractRow =>
  ({ id, requestId, patientId: 'p1', grantId: `g-${id}`, practitionerId: 'dr', start, end: start + 100, entryIndex: 7, resourceTypes: ['AllergyIntolerance', 'Condition'], breakGlass })
const fieldRow = (id: string): FieldRequestRow => ({
  id, patientId: 'p1', requester: 'account:medic', reason: 'road', latitude: 48.85, longitude: 2.35, openedAt: 1_000,
  candidates: [{ organizationId: 'h1', name: 'One', distanceMeters: 120.5, ring: 0 }]
})

/** Defines the EmergencyStore contract tests for `name`; each test gets its own store from `make`. */
export function emergencyStoreContract (name: string, make: MakeEmergencyStore): void {
  describe(`EmergencyStore contract: ${name}`, () => {
    let now = 1_700_000_000_000
    let made: Awaited<ReturnType<MakeEmergencyStore>>
    let store: EmergencyStore
    beforeEach(async () => { made = await make({ now: () => now }); store = made.store })
    afterEach(async () => { await made.cleanup() })

    it('keeps contacts in order, their status and since across replacements, and a default M', async () => {
      expect((await store.contactsOf(['p1'])).get('p1')).toEqual({ threshold: 2, contacts: [] })
      await store.setContacts('p1', ['a', 'b'], 1)
      expect(await store.answerRole('p1', 'a', 'ACCEPTED')).toEqual({ patientId: 'p1', personId: 'a', status: 'ACCEPTED', since: now })
      const acceptedAt = now
      now += 5
      await store.setContacts('p1', ['c', 'a'], 2, { status: 'ACCEPTED' })
      const got = await store.contactsOf(['p1', 'p2', 'p1'])
      expect(got.get('p1')).toEqual({ threshold: 2, contacts: [
        { patientId: 'p1', personId: 'c', status: 'ACCEPTED', since: now },
        { patientId: 'p1', personId: 'a', status: 'ACCEPTED', since: acceptedAt }
      ] })
      expect(got.get('p2')).toEqual({ threshold: 2, contacts: [] })
      await expect(store.answerRole('p1', 'b', 'DECLINED')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    })

    it('refuses bad contact lists with TypeError and RangeError, storing nothing', async () => {
      await expect(store.setContacts('p1', ['a', 'a'])).rejects.toBeInstanceOf(RangeError)
      await expect(store.setContacts('p1', ['p1', 'a'])).rejects.toBeInstanceOf(RangeError)
      await expect(store.setContacts('p1', ['a'], 0)).rejects.toBeInstanceOf(RangeError)
      await expect(store.setContacts('p1', ['a'], 2)).rejects.toBeInstanceOf(RangeError)
      await expect(store.setContacts('p1', [1 as unknown as string])).rejects.toBeInstanceOf(TypeError)
      expect((await store.contactsOf(['p1'])).get('p1')).toEqual({ threshold: 2, contacts: [] })
    })

    it('stores a request with its outbox, answers once per contact, spends nonces once', async () => {
      await store.aid.openRequest(request('r1'), [{ id: 'n1', requestId: 'r1', contactId: 'c1', time: 1 }, { id: 'n2', requestId: 'r1', contactId: 'c2', time: 1, webhookUrl: 'https://hook.example/' }])
      expect(await store.aid.request('r1')).toEqual(request('r1'))
      expect(await store.aid.request('nope')).toBeUndefined()
      expect(await store.aid.inbox('c2')).toEqual([{ id: 'n2', requestId: 'r1', contactId: 'c2', time: 1, kind: 'REQUEST' }])
      const response = { requestId: 'r1', contactId: 'c1', decision: 'CONFIRM' as const, typedData: '{}', signature: '0x01', time: 2 }
      await store.aid.addResponse(response, 'S1', 'n-1')
      await expect(store.aid.addResponse(response, 'S1', 'n-2')).rejects.toMatchObject({ code: 'CONFLICT', info: { reason: 'ALREADY_DONE' } })
      await expect(store.aid.addResponse({ ...response, contactId: 'c2' }, 'S1', 'n-1')).rejects.toMatchObject({ code: 'CONFLICT', info: { reason: 'REPLAYED' } })
      // the nonce of the refused answer (n-2) was not spent: the transaction rolled back
      await store.aid.spend('S1', 'n-2')
      await expect(store.aid.spend('S1', 'n-2')).rejects.toMatchObject({ code: 'CONFLICT', info: { reason: 'REPLAYED' } })
      await store.aid.spend('S2', 'n-2')
      await store.aid.addResponse({ ...response, contactId: 'c2', decision: 'DENY', time: 3 }, 'S2', 'n-9')
      expect((await store.aid.responses('r1')).map((r) => [r.contactId, r.decision])).toEqual([['c1', 'CONFIRM'], ['c2', 'DENY']])
    })

    it('lists recent requests by patient and by practitioner, newest first', async () => {
      await store.aid.openRequest(request('r1', 'p1', 1_000), [])
      await store.aid.openRequest(request('r2', 'p2', 2_000), [])
      await store.aid.openRequest(request('r3', 'p1', 3_000), [])
      expect((await store.aid.recentRequests({ patientId: 'p1' }, 0)).map((r) => r.id)).toEqual(['r3', 'r1'])
      expect((await store.aid.recentRequests({ practitionerId: 'dr' }, 1_000)).map((r) => r.id)).toEqual(['r3', 'r2'])
    })

    it('forms, lists and closes contracts with their request status and notices', async () => {
      await store.aid.openRequest(request('r1'), [])
      await store.aid.openRequest(request('r2'), [])
      await store.aid.addContract(contract('k1', 'r1', 10))
      await store.aid.addContract(contract('k2', 'r2', 20, true), [{ id: 'b1', requestId: 'r2', contactId: 'p1', time: 20, kind: 'BREAK_GLASS', contractId: 'k2', webhookUrl: 'https://p1.example/' }])
      expect((await store.aid.request('r1'))!.status).toBe('CONTRACTED')
      expect(await store.aid.contract({ id: 'k1' })).toEqual(contract('k1', 'r1', 10))
      expect(await store.aid.contract({ requestId: 'r2' })).toEqual(contract('k2', 'r2', 20, true))
      expect(await store.aid.contract({ id: 'none' })).toBeUndefined()
      expect((await store.aid.contractsOf('p1')).map((c) => c.id)).toEqual(['k2', 'k1'])
      expect(await store.aid.inbox('p1')).toEqual([{ id: 'b1', requestId: 'r2', contactId: 'p1', time: 20, kind: 'BREAK_GLASS', contractId: 'k2' }])
      expect((await store.webhooks.due(100)).map((w) => [w.notificationId, w.kind, w.contractId])).toEqual([['b1', 'BREAK_GLASS', 'k2']])
      await store.aid.closeContract('k1', 50)
      expect((await store.aid.contract({ id: 'k1' }))!.closedAt).toBe(50)
      expect((await store.aid.request('r1'))!.status).toBe('CLOSED')
      await expect(store.aid.addContract(contract('k3', 'r1', 60))).rejects.toThrow()
    })

    it('keeps break-glass signatures once per practitioner and spends their nonces', async () => {
      const sig = { requestId: 'r1', practitionerId: 'd1', typedData: '{}', signature: '0x01', signer: 'W1', time: 5 }
      await store.aid.addBreakGlass(sig, 'x')
      await expect(store.aid.addBreakGlass({ ...sig, time: 6 }, 'y')).rejects.toMatchObject({ code: 'CONFLICT', info: { reason: 'ALREADY_DONE' } })
      await expect(store.aid.addBreakGlass({ ...sig, practitionerId: 'd2' }, 'x')).rejects.toMatchObject({ code: 'CONFLICT', info: { reason: 'REPLAYED' } })
      await store.aid.addBreakGlass({ ...sig, practitionerId: 'd2', signer: 'W2', time: 6 }, 'x')
      expect((await store.aid.breakGlass('r1')).map((s) => s.practitionerId)).toEqual(['d1', 'd2'])
    })

    it('keeps field requests and lets one hospital accept first', async () => {
      await store.field.open(fieldRow('f1'))
      expect(await store.field.get('f1')).toEqual(fieldRow('f1'))
      expect((await store.field.recent({ requester: 'account:medic' }, 0)).map((r) => r.id)).toEqual(['f1'])
      expect(await store.field.recent({ patientId: 'p1' }, 1_000)).toEqual([])
      await store.field.accept('f1', 'h1', 'dr1', 9)
      await expect(store.field.accept('f1', 'h2', 'dr2', 10)).rejects.toMatchObject({ code: 'CONFLICT' })
      expect((await store.field.get('f1'))!.accepted).toEqual({ organizationId: 'h1', practitionerId: 'dr1', time: 9 })
      await store.field.unaccept('f1')
      expect(await store.field.get('f1')).toEqual(fieldRow('f1'))
      expect(await store.field.get('f9')).toBeUndefined()
    })

    it('keeps webhook URLs and the delivery state of due notifications', async () => {
      await store.webhooks.setUrl('c1', 'https://a.example/')
      await store.webhooks.setUrl('c1', 'https://b.example/')
      await store.webhooks.setUrl('c2', 'https://c.example/')
      await store.webhooks.setUrl('c2', null)
      expect(await store.webhooks.urlsOf(['c1', 'c2', 'c3'])).toEqual(new Map([['c1', 'https://b.example/']]))
      await store.aid.openRequest(request('r1'), [{ id: 'n1', requestId: 'r1', contactId: 'c1', time: 1, webhookUrl: 'https://b.example/' }, { id: 'n2', requestId: 'r1', contactId: 'c3', time: 2 }])
      await store.webhooks.failed('n1', 1000)
      expect(await store.webhooks.due(999)).toEqual([])
      expect(await store.webhooks.due(1000)).toEqual([{ notificationId: 'n1', requestId: 'r1', contactId: 'c1', url: 'https://b.example/', attempts: 1, time: 1, kind: 'REQUEST' }])
      await store.webhooks.delivered('n1', 1000)
      expect(await store.webhooks.due(10_000)).toEqual([])
    })

    it('queues break-glass contracts for review and keeps one review each', async () => {
      await store.aid.addContract(contract('k1', 'r1', 10, true))
      await store.aid.addContract(contract('k2', 'r2', 20))
      await store.aid.addContract(contract('k3', 'r3', 5, true))
      expect((await store.reviews.queue(false, 10)).map((c) => c.id)).toEqual(['k3', 'k1'])
      const review = { contractId: 'k1', reviewer: 'account:aud', outcome: 'JUSTIFIED' as const, note: 'ok', time: 30, entryIndex: 12 }
      await store.reviews.add(review)
      await expect(store.reviews.add({ ...review, outcome: 'UNJUSTIFIED' })).rejects.toMatchObject({ code: 'CONFLICT', info: { reason: 'ALREADY_DONE' } })
      expect(await store.reviews.review('k1')).toEqual(review)
      expect(await store.reviews.review('k3')).toBeUndefined()
      expect((await store.reviews.queue(true, 10)).map((c) => c.id)).toEqual(['k1'])
      expect((await store.reviews.queue(false, 1)).map((c) => c.id)).toEqual(['k3'])
    })

    it('spends a nonce once when many callers race for it (across handles where the adapter has them)', async () => {
      const other = made.twin === undefined ? store : await made.twin()
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? store : other).aid.spend('S', 'race')))
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      expect(results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code?: string }).code)).toEqual(Array(19).fill('CONFLICT'))
      const answers = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? store : other).aid.addResponse(
        { requestId: 'r1', contactId: 'c1', decision: 'CONFIRM', typedData: '{}', signature: '0x', time: i }, 'S', `n${i}`)))
      expect(answers.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      expect(await store.aid.responses('r1')).toHaveLength(1)
    })
  })
}
