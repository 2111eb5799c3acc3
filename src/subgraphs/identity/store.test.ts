import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openIdentityStore } from './store.ts'
import type { AccountRow } from './rows.ts'

const account = (id: string, address: string): AccountRow => ({ id, address, publicKey: '0x02' + '11'.repeat(32), roles: [], createdAt: 1000 })

describe('identity store', () => {
  let dir: string
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'medledger-identity-store-')) })
  afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

  it('consumes a nonce once, only for its address and before it expires, and keeps state across reopen', () => {
    const file = join(dir, 'identity.db')
    const store = openIdentityStore(file)
    const addr = '0x' + 'ab'.repeat(20)
    store.insertNonce({ nonce: 'n1', address: addr, issuedAt: 0, expiresAt: 100, usedAt: null })
    store.insertNonce({ nonce: 'n2', address: addr, issuedAt: 0, expiresAt: 100, usedAt: null })
    expect(store.completeSignIn({ nonce: 'n1', now: 100, account: account('a', addr) })).toBeUndefined() // expired
    expect(store.completeSignIn({ nonce: 'n1', now: 50, account: account('a', '0x' + 'cd'.repeat(20)) })).toBeUndefined() // other address
    expect(store.completeSignIn({ nonce: 'n1', now: 50, account: account('a', addr.toUpperCase().replace('0X', '0x')) })?.id).toBe('a')
    expect(store.completeSignIn({ nonce: 'n1', now: 51, account: account('b', addr) })).toBeUndefined() // replay
    expect(store.completeSignIn({ nonce: 'n2', now: 52, account: account('b', addr) })?.id).toBe('a') // existing account
    expect(store.deleteExpiredNonces(101)).toBe(2)
    store.close()

    const again = openIdentityStore(file)
    expect(again.accountsByIds(['x', 'a'])).toEqual([undefined, { ...account('a', addr), createdAt: 1000 }])
    expect(again.accountByAddress(addr.toUpperCase().replace('0X', '0x'))?.id).toBe('a')
    again.close()
  })

  it('answers batches aligned with the ids asked, duplicates included', () => {
    const store = openIdentityStore(join(dir, 'identity.db'))
    store.insertNonce({ nonce: 'n', address: '0x' + 'ab'.repeat(20), issuedAt: 0, expiresAt: 10, usedAt: null })
    store.completeSignIn({ nonce: 'n', now: 1, account: account('a', '0x' + 'ab'.repeat(20)) })
    store.createPatient({ id: 'p', accountId: 'a', publicKey: 'k', registeredAt: 2 })
    expect(store.patientsByIds(['p', 'q', 'p']).map((r) => r?.id)).toEqual(['p', undefined, 'p'])
    expect(store.patientsByAccountIds(['a']).map((r) => r?.id)).toEqual(['p'])
    expect(store.accountsByIds(['a'])[0]?.roles).toEqual(['PATIENT'])
    expect(() => store.createPatient({ id: 'p2', accountId: 'a', publicKey: 'k', registeredAt: 3 })).toThrow(expect.objectContaining({ code: 'CONFLICT' }))
    expect(() => store.createPatient({ id: 'p3', accountId: 'nobody', publicKey: 'k', registeredAt: 3 })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
    expect(store.practitionersByOrganizationIds(['o1', 'o2'])).toEqual([[], []])
    store.close()
  })
})
