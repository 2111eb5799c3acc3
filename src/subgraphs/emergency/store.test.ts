import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openEmergencyStore } from './store.ts'
import type { EmergencyStore } from './store.ts'

let dir: string
let store: EmergencyStore
let now = 1_700_000_000_000

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'medledger-emergency-'))
  store = openEmergencyStore(join(dir, 'emergency.db'), { now: () => now })
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('emergency store', () => {
  it('keeps contacts in order with a threshold, and answers a batch in one call', () => {
    store.setContacts('p1', ['c1', 'c2', 'c3'], 2)
    store.setContacts('p2', ['c1'], 1, { status: 'ACCEPTED' })
    const found = store.contactsOf(['p2', 'p1', 'nobody'])
    expect(found.get('p1')).toEqual({ threshold: 2, contacts: ['c1', 'c2', 'c3'].map((personId) => ({ patientId: 'p1', personId, status: 'PENDING', since: now })) })
    expect(found.get('p2')).toEqual({ threshold: 1, contacts: [{ patientId: 'p2', personId: 'c1', status: 'ACCEPTED', since: now }] })
    expect(found.get('nobody')).toEqual({ threshold: 2, contacts: [] })
    expect(store.contactsOf([]).size).toBe(0)
  })

  it('replacing the list keeps the status and date of contacts already named', () => {
    store.setContacts('p1', ['c1', 'c2'], 2, { status: 'ACCEPTED' })
    now += 1000
    store.setContacts('p1', ['c3', 'c1'], 2)
    expect(store.contactsOf(['p1']).get('p1')!.contacts.map((c) => [c.personId, c.status, c.since])).toEqual([
      ['c3', 'PENDING', now], ['c1', 'ACCEPTED', now - 1000]
    ])
  })

  it('refuses duplicates, self-contacts and impossible thresholds', () => {
    expect(() => store.setContacts('p1', ['c1', 'c1'], 1)).toThrow(RangeError)
    expect(() => store.setContacts('p1', ['p1', 'c1'], 1)).toThrow(RangeError)
    expect(() => store.setContacts('p1', ['c1', 'c2'], 3)).toThrow(RangeError)
    expect(() => store.setContacts('p1', ['c1'], 0)).toThrow(RangeError)
    expect(() => store.setContacts('p1', [7 as unknown as string], 1)).toThrow(TypeError)
    expect(store.contactsOf(['p1']).get('p1')).toEqual({ threshold: 2, contacts: [] })
    store.setContacts('p1', [], 2) // no contacts yet: the default threshold stands
  })
})

describe('emergency store: aid tables', () => {
  const request = { id: 'r1', patientId: 'p1', practitionerId: 'd1', requester: 'account:a', reason: 'x', status: 'OPEN' as const, openedAt: 1 }
  it('queues notifications with the request and answers each contact once, each nonce once', () => {
    store.aid.openRequest(request, [{ id: 'n1', requestId: 'r1', contactId: 'c1', time: 1 }, { id: 'n2', requestId: 'r1', contactId: 'c2', time: 1, webhookUrl: 'http://127.0.0.1:1/' }])
    expect(store.aid.inbox('c2')).toEqual([{ id: 'n2', requestId: 'r1', contactId: 'c2', time: 1, kind: 'REQUEST' }])
    expect(store.webhooks.due(1).map((w) => w.notificationId)).toEqual(['n2'])
    const response = { requestId: 'r1', contactId: 'c1', decision: 'CONFIRM' as const, typedData: '{}', signature: '0x', time: 2 }
    store.aid.addResponse(response, 'S1', 'n-1')
    expect(() => store.aid.addResponse(response, 'S1', 'n-2')).toThrow(expect.objectContaining({ code: 'CONFLICT' }))
    expect(() => store.aid.addResponse({ ...response, contactId: 'c2' }, 'S1', 'n-1')).toThrow(expect.objectContaining({ code: 'CONFLICT' }))
    expect(store.aid.responses('r1').map((r) => r.contactId)).toEqual(['c1'])
  })

  it('retries a failed webhook only once its delay passed, and never after delivery', () => {
    store.aid.openRequest(request, [{ id: 'n1', requestId: 'r1', contactId: 'c1', time: 1, webhookUrl: 'http://127.0.0.1:1/' }])
    store.webhooks.failed('n1', 1000)
    expect(store.webhooks.due(999)).toEqual([])
    expect(store.webhooks.due(1000).map((w) => w.attempts)).toEqual([1])
    store.webhooks.delivered('n1', 1000)
    expect(store.webhooks.due(10_000)).toEqual([])
  })
})
