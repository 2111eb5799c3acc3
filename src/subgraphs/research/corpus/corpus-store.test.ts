import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isError } from '../../../core/errors.ts'
import type { QuasiIdentifiers } from '../../../core/deid/index.ts'
import { tempDir } from '../../../../test/support/data.ts'
import { openMigratedDatabase } from '../../../adapters/sqlite/sqlite-db.ts'
import { migrations, openCorpusStore } from './corpus-store.ts'
import type { CorpusStore, ShareRow } from './corpus-store.ts'

const tmp = tempDir('medledger-corpus-')
let store: CorpusStore
const qi: QuasiIdentifiers = { ageBand: '30-39', sex: 'female', region: 'MA', occupation: 'OFFICE' }
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
    // Batches of one person: this test is about replacement (release batches are tested below).
    store.writeShare({ share: share('s1', 'p1', 'r-1'), qi, copies: [copy(1)] }, 1)
    store.writeShare({ share: share('s2', 'p1', 'r-1'), qi: { ...qi, ageBand: '40-49' }, copies: [copy(2)] }, 1)
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
    const a = store.relay.handleOf('p1', fresh)
    expect(store.relay.handleOf('p1', fresh)).toBe(a)
    const b = store.relay.handleOf('p2', fresh)
    expect(store.relay.isContactable(a)).toBe(false)
    store.relay.setPeerContact('p1', true)
    expect(store.relay.isContactable(a)).toBe(true)
    expect(store.relay.contactableHandles(['r-1'])).toEqual([a])
    expect(store.relay.wroteTo(b, a)).toBe(false)
    store.relay.addMessage({ id: 'm1', from: b, to: a, body: 'hi', sentAt: 5 })
    expect(store.relay.wroteTo(b, a)).toBe(true)
    expect(store.relay.messagesOf(a)).toEqual([{ id: 'm1', from: b, to: a, body: 'hi', sentAt: 5 }])
    // Aliases per condition reach the handle: contactable as it is, their messages in its inbox, a reply allowed.
    const alias = store.relay.aliasOf(a, 'sct|1', fresh)
    expect(store.relay.aliasOf(a, 'sct|1', fresh)).toBe(alias)
    expect(store.relay.aliasOf(a, 'sct|2', fresh)).not.toBe(alias)
    expect(store.relay.ownerOf(alias)).toBe(a)
    expect(store.relay.ownerOf(a)).toBe(a)
    expect(store.relay.ownerOf('h-none')).toBeUndefined()
    expect(store.relay.isContactable(alias)).toBe(true)
    const c = store.relay.handleOf('p3', fresh)
    store.relay.addMessage({ id: 'm2', from: c, to: alias, body: 'via alias', sentAt: 6 })
    expect(store.relay.wroteTo(c, a)).toBe(true)
    expect(store.relay.messagesOf(a).map((m) => m.id)).toEqual(['m1', 'm2'])
    store.relay.setPeerContact('p1', false)
    expect(store.relay.isContactable(alias)).toBe(false)
  })

  it('networks: invitations, membership, members\' pseudonyms', () => {
    store.networks.addNetwork({ id: 'n1', name: 'TB', practitionerId: 'd1', condition: 'sct|1', ageBand: '30-39', createdAt: 1 })
    store.networks.invite('n1', 'p1', 'n-a1')
    store.networks.invite('n1', 'p2', 'n-a2')
    expect(store.networks.memberPseudonyms('n1')).toEqual(new Map())
    store.networks.setMembership('n1', 'p1', 'MEMBER')
    store.networks.invite('n1', 'p1', 'n-again')
    expect(store.networks.membership('n1', 'p1')).toBe('MEMBER')
    // The corpus pseudonym with the member's alias in this network (kept from the first invitation).
    expect(store.networks.memberPseudonyms('n1')).toEqual(new Map([['r-1', 'n-a1']]))
    expect(store.networks.networksOfPatient('p2')).toMatchObject([{ id: 'n1', membership: 'INVITED', ageBand: '30-39' }])
    expect(store.networks.networksOf('d1').map((x) => x.id)).toEqual(['n1'])
  })

  it('releases copies only in batches of at least k distinct people, each batch at once', () => {
    const k = 3
    const b = openCorpusStore(join(tmp.dir, 'batches.db'))
    try {
      let t = 100
      const write = (id: string, patientId: string, pseudonym: string, recordIds: string[], q = qi): number | undefined => b.writeShare({
        share: { ...share(id, patientId, pseudonym), records: recordIds.length, sharedAt: ++t },
        qi: q,
        copies: recordIds.map((r) => ({ recordId: r, resourceType: 'Observation', codes: [], resource: { resourceType: 'Observation', id: r } }))
      }, k)
      const visible = (): string[] => b.copies().map((c) => `${c.pseudonym}:${c.resource.id as string}`)
      // Fewer than k distinct people: nothing reaches the researcher read, however many copies or shares.
      expect(write('a1', 'pa', 'r-a', ['a-1', 'a-2'])).toBeUndefined()
      expect(write('a2', 'pa', 'r-a', ['a-3'])).toBeUndefined() // the same person again: still one person
      expect(b.pendingPeople()).toBe(1)
      expect(write('b1', 'pb', 'r-b', ['b-1'])).toBeUndefined()
      expect(visible()).toEqual([])
      expect(b.copyCount()).toBe(0)
      expect(b.pendingPeople()).toBe(2)
      expect(b.sharesOf('pa').map((s) => s.releasedAt)).toEqual([undefined, undefined])
      // The person's own view (and their networks') sees the pending copies.
      expect(b.latestCopies(['r-a']).map((c) => c.resource.id)).toEqual(['a-1', 'a-2', 'a-3'])
      // The k-th person releases every pending copy at once, at their share's time.
      expect(write('c1', 'pc', 'r-c', ['c-1'])).toBe(t)
      const releasedAt = t
      expect(visible()).toEqual(['r-a:a-1', 'r-a:a-2', 'r-a:a-3', 'r-b:b-1', 'r-c:c-1'])
      expect(b.pendingPeople()).toBe(0)
      for (const p of ['pa', 'pb', 'pc']) for (const s of b.sharesOf(p)) expect(s.releasedAt).toBe(releasedAt)

      // A released person shares more (a new record, a new version of a released one, new quasi-identifiers):
      // pending, the released corpus unchanged, until k distinct pending people.
      const before = b.copies()
      expect(write('a3', 'pa', 'r-a', ['a-1', 'a-4'])).toBeUndefined()
      expect(write('a4', 'pa', 'r-a', ['a-5'], { ...qi, occupation: 'HEALTHCARE' })).toBeUndefined()
      expect(write('d1', 'pd', 'r-d', ['d-1'])).toBeUndefined()
      expect(b.pendingPeople()).toBe(2)
      expect(b.copies()).toEqual(before)
      expect(b.person('pa')?.qi.occupation).toBe('HEALTHCARE') // the latest share's, for the person's own view
      expect(b.sharesOf('pa')[0]?.releasedAt).toBeUndefined()
      expect(b.sharesOf('pa')[2]?.releasedAt).toBe(releasedAt)
      // Three pending people, but only two new ones: new pseudonyms appear only k at a time (see the next test).
      expect(write('e1', 'pe', 'r-e', ['e-1'])).toBeUndefined()
      expect(b.copies()).toEqual(before)
      // The third new person releases the new people; pa's update waits for k returning people.
      expect(write('f1', 'pf', 'r-f', ['f-1'])).toBe(t)
      expect(visible()).toEqual(['r-a:a-1', 'r-a:a-2', 'r-a:a-3', 'r-b:b-1', 'r-c:c-1', 'r-d:d-1', 'r-e:e-1', 'r-f:f-1'])
      expect(b.sharesOf('pa')[0]?.releasedAt).toBeUndefined()
      expect(b.pendingPeople()).toBe(1)
      expect(write('b2', 'pb', 'r-b', ['b-2'])).toBeUndefined()
      expect(write('c2', 'pc', 'r-c', ['c-2'])).toBe(t)
      expect(visible()).toEqual(['r-a:a-1', 'r-a:a-2', 'r-a:a-3', 'r-a:a-4', 'r-a:a-5', 'r-b:b-1', 'r-b:b-2', 'r-c:c-1', 'r-c:c-2', 'r-d:d-1', 'r-e:e-1', 'r-f:f-1'])
      expect(b.sharesOf('pa')[0]?.releasedAt).toBe(t)
      expect(b.copyCount()).toBe(12)
      expect(b.copies(['r-a']).every((c) => c.qi.occupation === 'HEALTHCARE')).toBe(true)
      expect(b.pendingPeople()).toBe(0)
    } finally { b.close() }
  })

  it('counts new and returning people apart: a batch never shows one new pseudonym beside returning sharers', () => {
    // The ledger tells first-time sharers from returning ones (a signer's earlier ResearchShared entries), and a
    // diff tells new pseudonyms from updated ones: each group must hold k people on its own, or the lone new
    // pseudonym is the lone first-time signer (and the lone updated pseudonym the lone returning one).
    const k = 2
    const b = openCorpusStore(join(tmp.dir, 'groups.db'))
    try {
      let t = 0
      const write = (id: string, patientId: string, pseudonym: string, recordId: string): number | undefined => b.writeShare({
        share: { ...share(id, patientId, pseudonym), sharedAt: ++t },
        qi,
        copies: [{ recordId, resourceType: 'Observation', codes: [], resource: { resourceType: 'Observation', id: recordId } }]
      }, k)
      const pseudonyms = (): string[] => [...new Set(b.copies().map((c) => c.pseudonym))]
      write('a1', 'pa', 'r-a', 'a-1')
      expect(write('b1', 'pb', 'r-b', 'b-1')).toBe(t)
      const ids = (): string[] => b.copies().map((c) => c.resource.id as string)
      // A returning sharer and one new one: two people pending, yet nothing is released.
      expect(write('a2', 'pa', 'r-a', 'a-2')).toBeUndefined()
      expect(write('c1', 'pc', 'r-c', 'c-1')).toBeUndefined()
      expect(pseudonyms()).toEqual(['r-a', 'r-b'])
      expect(ids()).toEqual(['a-1', 'b-1'])
      expect(b.pendingPeople()).toBe(2)
      // A second new person: the new ones appear together; the lone returning update still waits.
      expect(write('d1', 'pd', 'r-d', 'd-1')).toBe(t)
      expect(pseudonyms()).toEqual(['r-a', 'r-b', 'r-c', 'r-d'])
      expect(ids()).toEqual(['a-1', 'b-1', 'c-1', 'd-1'])
      expect(b.sharesOf('pa').map((s) => s.releasedAt)).toEqual([undefined, 2])
      // A second returning sharer: both updates appear together.
      expect(write('b2', 'pb', 'r-b', 'b-2')).toBe(t)
      expect(ids()).toEqual(['a-1', 'a-2', 'b-1', 'b-2', 'c-1', 'd-1'])
      expect(b.pendingPeople()).toBe(0)
      // k lowered from 3 to 2 meanwhile: a new person's share releases the waiting returning group, not their own copies.
      const at = (id: string, patientId: string, pseudonym: string, recordId: string, k: number): number | undefined => b.writeShare({
        share: { ...share(id, patientId, pseudonym), sharedAt: ++t }, qi, copies: [{ recordId, resourceType: 'Observation', codes: [], resource: { resourceType: 'Observation', id: recordId } }]
      }, k)
      expect(at('a3', 'pa', 'r-a', 'a-3', 3)).toBeUndefined()
      expect(at('b3', 'pb', 'r-b', 'b-3', 3)).toBeUndefined()
      expect(at('e1', 'pe', 'r-e', 'e-1', 2)).toBeUndefined()
      expect(ids()).toEqual(['a-1', 'a-2', 'a-3', 'b-1', 'b-2', 'b-3', 'c-1', 'd-1'])
      expect(b.sharesOf('pe')[0]?.releasedAt).toBeUndefined()
    } finally { b.close() }
  })

  it('migration 4 keeps the copies written before it visible and their shares released', () => {
    const file = join(tmp.dir, 'old.db')
    const old = openMigratedDatabase(file, migrations.filter((m) => m.version <= 3), { synchronous: 'FULL' })
    old.exec(`INSERT INTO people VALUES ('p-old', 'r-old', '30-39', 'female', 'MA', 'OFFICE');
      INSERT INTO copies VALUES ('rec-old', 'r-old', 'Observation', '[]', '{"resourceType":"Observation","id":"old"}', 's-old');
      INSERT INTO shares VALUES ('s-old', 'req-old', 'p-old', 'r-old', 1, 0, 0, 42)`)
    old.close()
    const migrated = openCorpusStore(file)
    try {
      expect(migrated.copies()).toMatchObject([{ pseudonym: 'r-old', resource: { id: 'old' } }])
      expect(migrated.sharesOf('p-old')).toMatchObject([{ id: 's-old', releasedAt: 42 }])
      expect(migrated.pendingPeople()).toBe(0)
    } finally { migrated.close() }
  })
})
