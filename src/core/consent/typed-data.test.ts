import { Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { isError } from '../errors.ts'
import { granteesOf, grantTypedData, namedGrantees, parseTypedData, recoverSigner, revocationTypedData, typedDataDigest } from './typed-data.ts'
import type { Grant } from './types.ts'

const grant: Grant = { id: 'g-1', patientId: 'p-1', provision: { type: 'permit', actors: [{ kind: 'practitioner', id: 'pr-1' }], purposes: ['TREAT'] } }
const wallet = Wallet.createRandom()

async function sign (req: ReturnType<typeof grantTypedData> | ReturnType<typeof revocationTypedData>): Promise<string> {
  const { EIP712Domain: _d, ...types } = req.types
  return wallet.signTypedData(req.domain, types, req.message)
}

describe('EIP-712 grants', () => {
  it('uses a chain-independent domain and recovers the signer', async () => {
    const req = grantTypedData(grant, 'n-1', 2_000_000_000)
    expect(req.domain).toEqual({ name: 'medledger', version: '1' })
    expect(req.types.EIP712Domain!.map((f) => f.name)).toEqual(['name', 'version'])
    const sig = await sign(req)
    expect(recoverSigner(req, sig)).toBe(wallet.address)
    expect(typedDataDigest(req)).toMatch(/^0x[0-9a-f]{64}$/)
  })

  it('a changed message no longer recovers the signer', async () => {
    const req = grantTypedData(grant, 'n-1', 2_000_000_000)
    const sig = await sign(req)
    const widened = grantTypedData({ ...grant, provision: { ...grant.provision, purposes: ['TREAT', 'HRESEARCH'] } }, 'n-1', 2_000_000_000)
    expect(recoverSigner(widened, sig)).not.toBe(wallet.address)
    const revoke = revocationTypedData('g-1', 'p-1', 'n-2', 2_000_000_000)
    expect(recoverSigner(revoke, await sign(revoke))).toBe(wallet.address)
  })

  it('parses only our domain and re-builds the grant from the message', () => {
    const req = grantTypedData(grant, 'n-1', 2_000_000_000)
    expect(parseTypedData(JSON.parse(JSON.stringify(req)), 'Grant')).toEqual(req)
    const bad = (v: unknown): boolean => {
      try { parseTypedData(v, 'Grant') } catch (err) { return isError(err, 'BAD_INPUT') }
      return false
    }
    expect(bad({ ...req, domain: { ...req.domain, chainId: 1 } })).toBe(true)
    expect(bad({ ...req, primaryType: 'Revocation' })).toBe(true)
    expect(bad({ ...req, message: { ...req.message, policy: '{"provision":{"type":"permit"}}' } })).toBe(true)
    expect(bad({ ...req, message: { ...req.message, expiry: -1 } })).toBe(true)
    expect(() => recoverSigner(req, '0x1234')).toThrow()
  })
})

describe('grantee verification shown in the grant', () => {
  const orgGrant: Grant = { id: 'g-org', patientId: 'p-1', provision: { type: 'permit', actors: [{ kind: 'organization', id: 'o-1' }, { kind: 'role', role: 'AUDITOR' }], provisions: [{ type: 'deny', actors: [{ kind: 'practitioner', id: 'pr-1' }, { kind: 'organization', id: 'o-1' }] }] } }

  it('names every organization and practitioner of the tree once', () => {
    expect(namedGrantees(orgGrant.provision)).toEqual(['Organization/o-1', 'Practitioner/pr-1'])
  })

  it('carries the statuses in the signed policy and keeps them through parsing', () => {
    const shown = [{ reference: 'Organization/o-1', verification: 'UNVERIFIED' as const }, { reference: 'Practitioner/pr-1', verification: 'VERIFIED' as const }]
    const t = grantTypedData(orgGrant, 'n', 2_000_000_000, shown)
    expect(JSON.parse(t.message.policy)).toMatchObject({ grantees: shown })
    const parsed = parseTypedData(JSON.parse(JSON.stringify(t)), 'Grant')
    expect(parsed).toEqual(t)
    expect(granteesOf(parsed.message)).toEqual(shown)
    // without statuses the policy is as before: grants signed earlier still parse
    expect(JSON.parse(grantTypedData(orgGrant, 'n', 2_000_000_000).message.policy)).toEqual({ provision: orgGrant.provision })
  })

  it('refuses malformed statuses', () => {
    for (const grantees of [[{ reference: 'Patient/x', verification: 'VERIFIED' }], [{ reference: 'Organization/o-1', verification: 'TRUSTED' }], [{ reference: 'Organization/o-1', verification: 'VERIFIED', extra: 1 }], 'VERIFIED']) {
      const t = grantTypedData(orgGrant, 'n', 2_000_000_000)
      const policy = JSON.stringify({ grantees, provision: orgGrant.provision })
      expect(() => parseTypedData({ ...t, message: { ...t.message, policy } }, 'Grant'), JSON.stringify(grantees)).toThrow()
    }
  })
})
