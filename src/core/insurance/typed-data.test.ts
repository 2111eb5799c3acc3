import { Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { recoverSigner } from '../consent/index.ts'
import type { TypedDataRequest } from '../consent/index.ts'
import { isError } from '../errors.ts'
import { enrolmentTypedData, parseEnrolmentTypedData } from './typed-data.ts'

describe('enrolment typed data', () => {
  it('always names HPAYMT and round-trips through a signature', async () => {
    const wallet = Wallet.createRandom()
    const td = enrolmentTypedData({ plan: 'p1', patient: 'P-1', nonce: 'n', expiry: 2_000_000_000 })
    expect(td.message.purpose).toBe('HPAYMT')
    const { EIP712Domain: _d, ...types } = td.types
    const signature = await wallet.signTypedData(td.domain, types, td.message)
    const parsed = parseEnrolmentTypedData(JSON.parse(JSON.stringify(td)))
    expect(recoverSigner(parsed as unknown as TypedDataRequest, signature)).toBe(wallet.address)
  })

  it('refuses another purpose', () => {
    const td = enrolmentTypedData({ plan: 'p1', patient: 'P-1', nonce: 'n', expiry: 2_000_000_000 })
    let err: unknown
    try { parseEnrolmentTypedData({ ...td, message: { ...td.message, purpose: 'TREAT' } }) } catch (e) { err = e }
    expect(isError(err, 'BAD_INPUT')).toBe(true)
  })
})
