import { Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { recoverSigner } from '../consent/index.ts'
import type { TypedDataRequest } from '../consent/index.ts'
import { isError } from '../errors.ts'
import { donationTypedData, parseDonationTypedData } from './typed-data.ts'

const message = { campaign: 'c1', donor: 'patient:p1', amount: 25, nonce: 'n1', expiry: 2_000_000_000 }

describe('donation typed data', () => {
  it('round-trips through a wallet signature and a JSON parse', async () => {
    const wallet = Wallet.createRandom()
    const td = donationTypedData(message)
    const { EIP712Domain: _d, ...types } = td.types
    const signature = await wallet.signTypedData(td.domain, types, td.message)
    const parsed = parseDonationTypedData(JSON.parse(JSON.stringify(td)))
    expect(parsed).toEqual(td)
    expect(recoverSigner(parsed as unknown as TypedDataRequest, signature)).toBe(wallet.address)
  })

  it('a changed amount recovers another signer', async () => {
    const wallet = Wallet.createRandom()
    const td = donationTypedData(message)
    const { EIP712Domain: _d, ...types } = td.types
    const signature = await wallet.signTypedData(td.domain, types, td.message)
    const forged = parseDonationTypedData({ ...td, message: { ...td.message, amount: 2500 } })
    expect(recoverSigner(forged as unknown as TypedDataRequest, signature)).not.toBe(wallet.address)
  })

  it('refuses other domains, types and malformed messages', () => {
    const td = donationTypedData(message)
    const cases = [
      { ...td, domain: { name: 'medledger', version: '1', chainId: 1 } },
      { ...td, primaryType: 'Grant' },
      { ...td, message: { ...td.message, amount: 0 } },
      { ...td, message: { ...td.message, amount: 1.5 } },
      { ...td, message: { ...td.message, campaign: '' } },
      null
    ]
    for (const c of cases) expect(isError((() => { try { parseDonationTypedData(c) } catch (e) { return e } })(), 'BAD_INPUT')).toBe(true)
  })
})
