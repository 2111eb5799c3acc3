/**
 * The contract every {@link SessionStore} passes (SQLite and PostgreSQL adapters alike):
 * `sessionStoreContract('sqlite', make)` from a `*.int.test.ts` file. `make` returns two handles on ONE fresh
 * store, as two processes of a cluster hold, so a sign-out is checked across handles.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SessionStore } from './session-store.ts'

export type MakeSessionStore = () => Promise<{ a: SessionStore, b: SessionStore, cleanup(): Promise<void> }>

export function sessionStoreContract (name: string, make: MakeSessionStore): void {
  describe(`SessionStore contract: ${name}`, () => {
    let made: Awaited<ReturnType<MakeSessionStore>>
    beforeEach(async () => { made = await make() })
    afterEach(async () => { await made.cleanup() })

    it('revokes a session for every handle, idempotently', async () => {
      const { a, b } = made
      expect(await b.isRevoked('s1')).toBe(false)
      await a.revoke('s1', 1000, 10_000)
      expect(await b.isRevoked('s1')).toBe(true)
      expect(await a.isRevoked('s2')).toBe(false)
      await b.revoke('s1', 2000, 20_000)
      expect(await a.isRevoked('s1')).toBe(true)
    })

    it('forgets revocations past their maximum age on the next revocation, never earlier', async () => {
      const { a, b } = made
      await a.revoke('old', 1000, 5000)
      await a.revoke('young', 1000, 50_000)
      await b.revoke('other', 5000, 60_000)
      // forget_at 5000 is not < 5000: still kept
      expect(await a.isRevoked('old')).toBe(true)
      await b.revoke('later', 5001, 60_000)
      expect(await a.isRevoked('old')).toBe(false)
      expect(await a.isRevoked('young')).toBe(true)
    })
  })
}
