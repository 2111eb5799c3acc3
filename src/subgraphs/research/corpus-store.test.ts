import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isError } from '../../core/errors.ts'
import { tempDir } from '../../../test/support/data.ts'
import { openCorpusStore } from './corpus-store.ts'
import type { CorpusStore, ShareRow } from './corpus-store.ts'

const tmp = tempDir('medledger-corpus-')
let store: CorpusStore
const qi = { ageBand: '30-39', sex: 'female', region: 'MA', occupation: 'OFFICE' as const }
const share = (id: string, patientId: string, pseudonym: string): ShareRow => ({ id, requestId: `req-${id}`, patientId, pseudonym, records: 1, rewarded: 0, entryIndex: 0, sharedAt: 1 })

beforeAll(() => { store = openCorpusStore(join(tmp.dir, 'research.db')) })
afterAll(() => { store.close(); tmp.cleanup() })

describe('research corpus store', () => {
  it('spends a nonce once per signer', () => {
    store.spendNonce('0xA', 'n1')
    store.spendNonce('0xB', 'n1')
    let err: unknown
    try { store.spendNonce('0xA', 'n1') } catch (e) { err = e }
    expect(isError(err, 'CONFLICT')).toBe(true)
  })

  it('keeps one copy per record (a re-share replaces it) and the person\'s latest quasi-identifiers', () => {
    const copy = (v: number) => ({ recordId: 'rec-1', resourceType: 'Observation', codes: ['loinc|1'], resource: { resourceType: 'Observation', valueInteger: v } })
    store.addRequest({ id: 'req-s1', patientId: 'p1', practitionerId: 'd1', recordIds: ['rec-1'], categories: [], status: 'OPEN', createdAt: 1 })
    store.writeShare({ share: share('s1', 'p1', 'r-1'), qi, copies: [copy(1)] })
    store.writeShare({ share: share('s2', 'p1', 'r-1'), qi: { ...qi, ageBand: '40-49' }, copies: [copy(2)] })
    const copies = store.copies()
    expect(copies).toHaveLength(1)
    expect(copies[0]).toMatchObject({ pseudonym: 'r-1', qi: { ageBand: '40-49' }, resource: { valueInteger: 2 } })
    expect(store.request('req-s1')?.status).toBe('SHARED')
    expect(store.pseudonymOf('p1')).toBe('r-1')
    expect(store.sharesOf('p1').map((s) => s.id)).toEqual(['s2', 's1'])
  })

  it('relay: handles are stable; contactable only after opting in; replies only to who wrote', () => {
    let n = 0
    const fresh = (): string => `h-${n++}`
    const a = store.handleOf('p1', fresh)
    expect(store.handleOf('p1', fresh)).toBe(a)
    const b = store.handleOf('p2', fresh)
    expect(store.isContactable(a)).toBe(false)
    store.setPeerContact('p1', true)
    expect(store.isContactable(a)).toBe(true)
    expect(store.contactableHandles(['r-1'])).toEqual([a])
    expect(store.wroteTo(b, a)).toBe(false)
    store.addMessage({ id: 'm1', from: b, to: a, body: 'hi', sentAt: 5 })
    expect(store.wroteTo(b, a)).toBe(true)
    expect(store.messagesOf(a)).toEqual([{ id: 'm1', from: b, to: a, body: 'hi', sentAt: 5 }])
    // Aliases per condition reach the handle: contactable as it is, their messages in its inbox, a reply allowed.
    const alias = store.aliasOf(a, 'sct|1', fresh)
    expect(store.aliasOf(a, 'sct|1', fresh)).toBe(alias)
    expect(store.aliasOf(a, 'sct|2', fresh)).not.toBe(alias)
    expect(store.ownerOf(alias)).toBe(a)
    expect(store.ownerOf(a)).toBe(a)
    expect(store.ownerOf('h-none')).toBeUndefined()
    expect(store.isContactable(alias)).toBe(true)
    const c = store.handleOf('p3', fresh)
    store.addMessage({ id: 'm2', from: c, to: alias, body: 'via alias', sentAt: 6 })
    expect(store.wroteTo(c, a)).toBe(true)
    expect(store.messagesOf(a).map((m) => m.id)).toEqual(['m1', 'm2'])
    store.setPeerContact('p1', false)
    expect(store.isContactable(alias)).toBe(false)
  })

  it('networks: invitations, membership, members\' pseudonyms', () => {
    store.addNetwork({ id: 'n1', name: 'TB', practitionerId: 'd1', condition: 'sct|1', ageBand: '30-39', createdAt: 1 })
    store.invite('n1', 'p1', 'n-a1')
    store.invite('n1', 'p2', 'n-a2')
    expect(store.memberPseudonyms('n1')).toEqual(new Map())
    store.setMembership('n1', 'p1', 'MEMBER')
    store.invite('n1', 'p1', 'n-again')
    expect(store.membership('n1', 'p1')).toBe('MEMBER')
    // The corpus pseudonym with the member's alias in this network (kept from the first invitation).
    expect(store.memberPseudonyms('n1')).toEqual(new Map([['r-1', 'n-a1']]))
    expect(store.networksOfPatient('p2')).toMatchObject([{ id: 'n1', membership: 'INVITED', ageBand: '30-39' }])
    expect(store.networksOf('d1').map((x) => x.id)).toEqual(['n1'])
  })
})
