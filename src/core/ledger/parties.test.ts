import { describe, expect, it } from 'vitest'
import { isPartyTo, partiesOf } from './parties.ts'

const alice = { accountId: 'a-1', address: '0xAbCdEf0123456789aBCdef0123456789ABCDEF01', patientId: 'p-1' }
const bob = { accountId: 'a-2', practitionerId: 'dr-2', administers: ['org-9'] }

describe('ledger entry parties', () => {
  it('names the people of the top-level party fields, in every form entries use', () => {
    const access = { type: 'AccessLogged', time: 1, actor: 'account:a-2', subject: 'p-1', recordIds: ['r'], purpose: 'TREAT', decision: 'permit' as const }
    expect(partiesOf(access)).toEqual(['account:a-2', 'p-1'])
    expect(isPartyTo(access, alice)).toBe(true)
    expect(isPartyTo(access, bob)).toBe(true)
    expect(isPartyTo(access, { accountId: 'a-3' })).toBe(false)
    // a wallet address matches whatever its case
    expect(isPartyTo({ type: 'ConsentGranted', time: 1, signer: alice.address.toLowerCase() }, alice)).toBe(true)
    expect(isPartyTo({ type: 'TokensTransferred', time: 1, from: 'escrow:c', to: 'org:org-9' }, bob)).toBe(true)
    expect(isPartyTo({ type: 'AidContractFormed', time: 1, patient: 'p-9', practitioner: 'dr-2' }, bob)).toBe(true)
  })

  it('does not make everyone listed inside an entry a party of all of it', () => {
    const contract = { type: 'FundingContractAnchored', time: 1, team: 'account:a-2', donations: [{ donor: 'patient:p-1', amount: 5 }] }
    expect(isPartyTo(contract, bob)).toBe(true)
    expect(isPartyTo(contract, alice)).toBe(false)
    expect(partiesOf({ type: 'X', time: 1, actor: 42, other: 'account:a-1' })).toEqual([])
  })
})
