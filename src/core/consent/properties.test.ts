import fc from 'fast-check'
import { describe, it } from 'vitest'
import { decide } from './decide.ts'
import type { ConsentResource, ConsentSubject, Grant, Grantee, Provision } from './types.ts'

const grantee: fc.Arbitrary<Grantee> = fc.oneof(
  fc.constantFrom('pr-1', 'pr-2').map((id) => ({ kind: 'practitioner' as const, id })),
  fc.constantFrom('org-1', 'org-2').map((id) => ({ kind: 'organization' as const, id })),
  fc.constantFrom('PRACTITIONER', 'INSURER').map((role) => ({ kind: 'role' as const, role }))
)
const criteria = fc.record({
  actors: fc.option(fc.array(grantee, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  purposes: fc.option(fc.subarray(['TREAT', 'ETREAT', 'HRESEARCH', 'HPAYMT']), { nil: undefined }),
  resourceTypes: fc.option(fc.subarray(['Observation', 'Condition']), { nil: undefined }),
  period: fc.option(fc.record({ start: fc.integer({ min: 0, max: 100 }), end: fc.integer({ min: 101, max: 200 }) }), { nil: undefined })
}, { requiredKeys: [] })
const provision = (types: Array<'permit' | 'deny'>): fc.Arbitrary<Provision> => fc.letrec<{ p: Provision }>((tie) => ({
  p: fc.record({ type: fc.constantFrom(...types), c: criteria, provisions: fc.option(fc.array(tie('p'), { maxLength: 2 }), { nil: undefined, depthSize: 'small' }) })
    .map(({ type, c, provisions }) => clean({ type, ...c, provisions }))
})).p
const grant = (types: Array<'permit' | 'deny'>): fc.Arbitrary<Grant> => fc.record({ id: fc.uuid(), root: provision(types), actors: fc.array(grantee, { minLength: 1, maxLength: 2 }) })
  .map(({ id, root, actors }) => ({ id, patientId: 'p1', provision: { ...root, actors } }))
const subject: fc.Arbitrary<ConsentSubject> = fc.record({
  practitionerId: fc.constantFrom('pr-1', 'pr-2'),
  organizationIds: fc.subarray(['org-1', 'org-2']),
  roles: fc.subarray(['PRACTITIONER', 'INSURER'])
})
const request = fc.record({
  subject,
  purpose: fc.constantFrom('TREAT', 'ETREAT', 'HRESEARCH', 'HPAYMT'),
  time: fc.integer({ min: 0, max: 250 }),
  resourceType: fc.constantFrom('Observation', 'Condition')
})
const resourceOf = (resourceType: string): ConsentResource => ({ recordId: 'r', patientId: 'p1', resourceType, codes: [] })

function clean (p: Provision): Provision {
  const out = { ...p } as Record<string, unknown>
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k]
  return out as unknown as Provision
}

describe('decide: properties', () => {
  it('adding a deny-only grant never turns a deny into a permit', () => {
    fc.assert(fc.property(fc.array(grant(['permit', 'deny']), { maxLength: 3 }), grant(['deny']), request, (grants, denyGrant, r) => {
      const base = { subject: r.subject, action: 'access' as const, resource: resourceOf(r.resourceType), purpose: r.purpose, time: r.time }
      const before = decide({ ...base, grants })
      const after = decide({ ...base, grants: [...grants, denyGrant] })
      return !(before.decision === 'deny' && after.decision === 'permit')
    }))
  })

  it('removing every grant always denies; revoking every grant always denies', () => {
    fc.assert(fc.property(fc.array(grant(['permit', 'deny']), { maxLength: 3 }), request, (grants, r) => {
      const base = { subject: r.subject, action: 'access' as const, resource: resourceOf(r.resourceType), purpose: r.purpose, time: r.time }
      return decide({ ...base, grants: [] }).decision === 'deny' &&
        decide({ ...base, grants: grants.map((g) => ({ ...g, revokedAt: 1 })) }).decision === 'deny'
    }))
  })

  it('a permit always names the grant that decided, and that grant alone permits too', () => {
    fc.assert(fc.property(fc.array(grant(['permit', 'deny']), { maxLength: 3 }), request, (grants, r) => {
      const base = { subject: r.subject, action: 'access' as const, resource: resourceOf(r.resourceType), purpose: r.purpose, time: r.time }
      const d = decide({ ...base, grants })
      if (d.decision === 'deny') return true
      const only = grants.filter((g) => g.id === d.grantId)
      return only.length > 0 && decide({ ...base, grants: only }).decision === 'permit'
    }))
  })
})
