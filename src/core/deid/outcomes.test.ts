import { Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { isError } from '../errors.ts'
import { recoverSigner } from '../consent/index.ts'
import type { TypedDataRequest } from '../consent/index.ts'
import type { FhirResource } from '../fhir/metadata.ts'
import { conditionOutcomes, parseShareTypedData, shareTypedData } from './index.ts'
import type { CorpusCopy } from './index.ts'

const SCT = 'http://snomed.info/sct'
const condition = (status: string, extra: Record<string, unknown> = {}): FhirResource =>
  ({ resourceType: 'Condition', code: { coding: [{ system: SCT, code: '44054006' }] }, clinicalStatus: { coding: [{ code: status }] }, ...extra })
const med = (code: string): FhirResource => ({ resourceType: 'MedicationRequest', medicationCodeableConcept: { coding: [{ system: 'rxnorm', code }] } })
const obs = (year: string, flag: string): FhirResource => ({ resourceType: 'Observation', code: { coding: [{ system: 'loinc', code: '4548-4' }] }, effectiveDateTime: year, interpretation: [{ coding: [{ code: flag }] }] })

function people (n: number, make: (i: number) => FhirResource[]): CorpusCopy[] {
  return Array.from({ length: n }, (_, i) => make(i).map((resource) => ({ pseudonym: `p${i}`, resource }))).flat()
}

describe('treatment outcomes', () => {
  it('counts recovered (resolved, remission, abated) and improved (normal after abnormal) people per treatment', () => {
    const copies = [
      ...people(3, () => [condition('resolved'), med('metformin')]),
      ...people(2, () => [condition('active', { abatementDateTime: '2021' }), med('metformin')]).map((c) => ({ ...c, pseudonym: `a${c.pseudonym}` })),
      ...people(2, () => [condition('active'), med('metformin'), obs('2019', 'H'), obs('2021', 'N')]).map((c) => ({ ...c, pseudonym: `b${c.pseudonym}` })),
      ...people(3, () => [condition('active'), med('insulin'), obs('2021', 'H'), obs('2019', 'N')]).map((c) => ({ ...c, pseudonym: `c${c.pseudonym}` })),
      ...people(4, () => [{ resourceType: 'Condition', code: { coding: [{ system: SCT, code: '38341003' }] } }]).map((c) => ({ ...c, pseudonym: `d${c.pseudonym}` }))
    ]
    const o = conditionOutcomes(copies, `${SCT}|44054006`, 2)
    expect(o).toMatchObject({ persons: 10, recovered: 5, improved: 7, recoveredShare: 0.5 })
    expect(o.treatments).toEqual([
      { treatment: 'rxnorm|insulin', persons: 3, recovered: 0, improved: 0, recoveredShare: 0 },
      { treatment: 'rxnorm|metformin', persons: 7, recovered: 5, improved: 7, recoveredShare: 5 / 7 }
    ])
    expect(conditionOutcomes(copies, '44054006', 2).persons).toBe(10)
  })

  it('suppresses every count from 1 to k-1', () => {
    const copies = [...people(4, () => [condition('resolved'), med('a')]), ...people(1, () => [med('b')]).map((c) => ({ ...c, pseudonym: 'x' }))]
    expect(conditionOutcomes(copies, '44054006', 5)).toMatchObject({ persons: null, recovered: null, improved: null, recoveredShare: null })
    const more = [...copies, ...people(1, () => [condition('active')]).map((c) => ({ ...c, pseudonym: 'y' }))]
    expect(conditionOutcomes(more, '44054006', 5)).toMatchObject({ persons: 5, recovered: null, improved: null })
    expect(() => conditionOutcomes(more, '44054006', 0)).toThrow(RangeError)
  })

  it('does not tell nobody from a few, and names no treatment fewer than k people had', () => {
    expect(conditionOutcomes([], '44054006', 5)).toMatchObject({ persons: null, recovered: null, treatments: [] })
    const copies = [...people(5, () => [condition('active'), med('a')]), { pseudonym: 'x', resource: condition('active') }, { pseudonym: 'x', resource: med('rare') }]
    const o = conditionOutcomes(copies, '44054006', 5)
    expect(o).toMatchObject({ persons: 6, recovered: 0 })
    expect(o.treatments.map((t) => t.treatment)).toEqual(['rxnorm|a'])
  })
})

describe('research share typed data', () => {
  const message = { requestId: 'req-1', patient: 'p-1', records: ['r1', 'r2'], purpose: 'HRESEARCH' as const, occupation: 'OFFICE', nonce: 'ab', expiry: 2_000_000_000 }

  it('round-trips through a wallet signature', async () => {
    const wallet = Wallet.createRandom()
    const t = shareTypedData(message)
    const { EIP712Domain: _d, ...types } = t.types
    const signature = await wallet.signTypedData(t.domain, types, t.message)
    const parsed = parseShareTypedData(JSON.parse(JSON.stringify({ ...t, extra: 1 })))
    expect(recoverSigner(parsed as unknown as TypedDataRequest, signature)).toBe(wallet.address)
  })

  it('rejects another purpose, occupation, domain, empty or duplicate records', () => {
    const t = shareTypedData(message)
    for (const bad of [
      { ...t, message: { ...message, purpose: 'TREAT' } },
      { ...t, message: { ...message, occupation: 'SPY' } },
      { ...t, message: { ...message, records: [] } },
      { ...t, message: { ...message, records: ['r1', 'r1'] } },
      { ...t, domain: { name: 'medledger', version: '1', chainId: 1 } },
      { ...t, primaryType: 'Grant' }
    ]) {
      let err: unknown
      try { parseShareTypedData(bad) } catch (e) { err = e }
      expect(isError(err, 'BAD_INPUT')).toBe(true)
    }
  })
})
