/**
 * The contract every {@link ConsentStore} passes (SQLite and PostgreSQL adapters alike):
 * `consentStoreContract('sqlite', make)` from a `*.int.test.ts` file. `make` returns two handles on ONE
 * fresh store (two connections, as two processes of a cluster would hold) so single-use nonces and
 * revocations are checked across handles, not just within one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Grant } from '../core/consent/index.ts'
import type { ConsentStore, GrantRow } from './consent-store.ts'

export type MakeConsentStore = () => Promise<{ a: ConsentStore, b: ConsentStore, cleanup(): Promise<void> }>

const SIGNER = '0xAbCdEf0000000000000000000000000000000001'

function row (id: string, patientId: string, grantedAt: number): GrantRow {
  const grant: Grant = { id, patientId, provision: { type: 'permit', actors: [{ kind: 'practitioner', id: 'dr-1' }], purposes: ['TREAT'] } }
  return { grant, typedData: `{"id":"${id}"}`, signature: '0xsig', signer: SIGNER, grantedAt, entryIndex: -1 }
}

async function codeOf (p: Promise<unknown>): Promise<{ code?: string, reason?: string }> {
  try { await p } catch (err) {
    const e = err as { code?: string, info?: { reason?: string } }
    return { code: e.code, reason: e.info?.reason }
  }
  throw new Error('expected a rejection')
}

export function consentStoreContract (name: string, make: MakeConsentStore): void {
  describe(`ConsentStore contract: ${name}`, () => {
    let made: Awaited<ReturnType<MakeConsentStore>>
    let a: ConsentStore
    let b: ConsentStore
    beforeEach(async () => { made = await make(); a = made.a; b = made.b })
    afterEach(async () => { await made.cleanup() })

    it('stores a grant and reads it back through the other handle', async () => {
      await a.insertGrant(row('g1', 'p1', 1000), 'n1')
      expect(await b.grant('g1')).toEqual(row('g1', 'p1', 1000))
      expect(await b.grant('nope')).toBeUndefined()
    })

    it('spends a nonce once per signer across handles, case-insensitively', async () => {
      await a.insertGrant(row('g1', 'p1', 1000), 'n1')
      const replay = { ...row('g2', 'p1', 1001), signer: SIGNER.toLowerCase() }
      expect(await codeOf(b.insertGrant(replay, 'n1'))).toEqual({ code: 'CONFLICT', reason: 'REPLAYED' })
      expect(await b.grant('g2')).toBeUndefined()
      // the same nonce of another signer is fine
      await b.insertGrant({ ...row('g3', 'p1', 1002), signer: '0x0000000000000000000000000000000000000002' }, 'n1')
      expect((await a.grant('g3'))?.grant.id).toBe('g3')
    })

    it('refuses an existing grant id and leaves the new nonce unspent', async () => {
      await a.insertGrant(row('g1', 'p1', 1000), 'n1')
      expect(await codeOf(b.insertGrant(row('g1', 'p1', 1001), 'n2'))).toEqual({ code: 'CONFLICT', reason: 'REPLAYED' })
      // n2 was rolled back with the failed insert
      await b.insertGrant(row('g2', 'p1', 1002), 'n2')
    })

    it('lets exactly one of many concurrent spenders of a nonce win', async () => {
      const tries = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? a : b).insertGrant(row(`c${i}`, 'p1', 2000 + i), 'race'))
      const settled = await Promise.allSettled(tries)
      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1)
      const ids = (await a.grantsOf(['p1'])).get('p1')!.map((r) => r.grant.id)
      expect(ids).toHaveLength(1)
    })

    it('revokes once, seen at once by the other handle; typed errors', async () => {
      await a.insertGrant(row('g1', 'p1', 1000), 'n1')
      const revoked = await a.revoke('g1', SIGNER, 'r1', 5000)
      expect(revoked.grant.revokedAt).toBe(5000)
      expect((await b.grant('g1'))?.grant.revokedAt).toBe(5000)
      expect(await codeOf(b.revoke('g1', SIGNER, 'r2', 6000))).toEqual({ code: 'CONFLICT', reason: 'ALREADY_DONE' })
      expect(await codeOf(b.revoke('missing', SIGNER, 'r3', 6000))).toEqual({ code: 'NOT_FOUND', reason: undefined })
      await a.insertGrant(row('g2', 'p1', 1001), 'n2')
      // a revocation nonce already spent (here by a grant) is refused and the grant stays in force
      expect(await codeOf(b.revoke('g2', SIGNER, 'n1', 6000))).toEqual({ code: 'CONFLICT', reason: 'REPLAYED' })
      expect((await a.grant('g2'))?.grant.revokedAt).toBeUndefined()
    })

    it('lets one of two concurrent revocations win', async () => {
      await a.insertGrant(row('g1', 'p1', 1000), 'n1')
      const settled = await Promise.allSettled([a.revoke('g1', SIGNER, 'x1', 5000), b.revoke('g1', SIGNER, 'x2', 5001)])
      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1)
    })

    it('lists every grant of each patient, newest first, in one call', async () => {
      await a.insertGrant(row('g1', 'p1', 1000), 'n1')
      await a.insertGrant(row('g2', 'p2', 1500), 'n2')
      await b.insertGrant(row('g3', 'p1', 2000), 'n3')
      await b.insertGrant(row('g0', 'p1', 2000), 'n4')
      await a.revoke('g1', SIGNER, 'r1', 3000)
      const all = await b.grantsOf(['p1', 'p2', 'p3'])
      expect([...all.keys()]).toEqual(['p1', 'p2', 'p3'])
      expect(all.get('p1')!.map((r) => r.grant.id)).toEqual(['g0', 'g3', 'g1'])
      expect(all.get('p1')![2]!.grant.revokedAt).toBe(3000)
      expect(all.get('p2')!.map((r) => r.grant.id)).toEqual(['g2'])
      expect(all.get('p3')).toEqual([])
      expect((await a.grantsOf([])).size).toBe(0)
    })

    it('sets the entry index and deletes a grant whose append failed (its nonce stays spent)', async () => {
      await a.insertGrant(row('g1', 'p1', 1000), 'n1')
      await a.setEntryIndex('g1', 42)
      expect((await b.grant('g1'))?.entryIndex).toBe(42)
      await b.deleteGrant('g1')
      expect(await a.grant('g1')).toBeUndefined()
      expect(await codeOf(a.insertGrant(row('g1', 'p1', 1001), 'n1'))).toEqual({ code: 'CONFLICT', reason: 'REPLAYED' })
    })

    it('remembers erasures idempotently', async () => {
      expect(await a.erasedPatient('r1')).toBeUndefined()
      await a.markErased('r1', 'p1', 1000)
      await b.markErased('r1', 'p2', 2000)
      expect(await b.erasedPatient('r1')).toBe('p1')
    })
  })
}
