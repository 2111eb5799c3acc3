import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { identityHarness } from './test-kit.ts'
import type { IdentityHarness } from './test-kit.ts'

const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { id publicKey } } }'

describe('identity DataLoaders', () => {
  let h: IdentityHarness
  beforeEach(async () => { h = await identityHarness() })
  afterEach(async () => { await h.close() })

  it('resolve 1 and 50 Patient references with one batch each', async () => {
    const ids: string[] = []
    for (let i = 0; i < 50; i++) {
      const { accountId } = await h.signIn()
      const result = await h.run('mutation { registerPatient { id } }', {}, h.viewer(accountId))
      ids.push((result.data?.registerPatient as { id: string }).id)
    }
    for (const n of [1, 50]) {
      h.services.metrics.reset()
      const result = await h.run(ENTITIES, { r: ids.slice(0, n).map((id) => ({ __typename: 'Patient', id })) })
      expect(result.errors).toBeUndefined()
      expect((result.data?._entities as Array<{ id: string }>).map((p) => p.id)).toEqual(ids.slice(0, n))
      expect(h.services.metrics.get('identity.patients')).toBe(1)
    }
    const unknown = await h.run(ENTITIES, { r: [{ __typename: 'Patient', id: 'nope' }] })
    expect(unknown.data?._entities).toEqual([null])
  })

  it('resolve the practitioners of many organizations and their accounts in one batch each', async () => {
    const orgIds: string[] = []
    for (let i = 0; i < 3; i++) {
      const admin = await h.signIn()
      const org = await h.run('mutation { registerOrganization(input: { name: "H" }) { id } }', {}, h.viewer(admin.accountId))
      const orgId = (org.data?.registerOrganization as { id: string }).id
      orgIds.push(orgId)
      for (let j = 0; j < 2; j++) {
        const doctor = await h.signIn()
        await h.run('mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }',
          { i: { address: doctor.wallet.address, name: `Dr ${i}.${j}`, organizationId: orgId } }, h.viewer(admin.accountId))
      }
    }
    h.services.metrics.reset()
    const result = await h.run('{ organizations { practitioners { name account { address } organization { id } } } }')
    expect(result.errors).toBeUndefined()
    expect((result.data?.organizations as unknown[]).length).toBe(3)
    expect(h.services.metrics.snapshot()).toEqual({ 'identity.practitionersByOrganization': 1, 'identity.accounts': 1 })
  })
})
