import type { Grantee, Period, Provision } from '../../core/consent/index.ts'
import { makeError } from '../../core/errors.ts'
import type { GranteeInput, PeriodInput, ProvisionInput } from './resolvers-types.generated.ts'

/**
 * The model provision of a GraphQL ProvisionInput (unset lists stay unset: they match anything).
 * @throws MedledgerError BAD_INPUT for a grantee without its id or role, or a period bound that is not a DateTime
 */
export function provisionOf (input: ProvisionInput): Provision {
  const out: Provision = { type: input.type === 'PERMIT' ? 'permit' : 'deny' }
  if (input.actors != null) out.actors = input.actors.map(granteeOf)
  if (input.purposes != null) out.purposes = [...input.purposes]
  if (input.period != null) out.period = periodOf(input.period)
  if (input.resourceTypes != null) out.resourceTypes = [...input.resourceTypes]
  if (input.codes != null) out.codes = [...input.codes]
  if (input.recordIds != null) out.recordIds = [...input.recordIds]
  if (input.dataPeriod != null) out.dataPeriod = periodOf(input.dataPeriod)
  if (input.provisions != null) out.provisions = input.provisions.map(provisionOf)
  return out
}

function granteeOf (g: GranteeInput): Grantee {
  if (g.kind === 'ROLE') {
    if (g.role == null) throw makeError('a ROLE grantee needs its role', 'BAD_INPUT')
    return { kind: 'role', role: g.role }
  }
  if (g.id == null) throw makeError(`a ${g.kind} grantee needs its id`, 'BAD_INPUT')
  return { kind: g.kind === 'PRACTITIONER' ? 'practitioner' : g.kind === 'ORGANIZATION' ? 'organization' : 'account', id: g.id }
}

function periodOf (p: PeriodInput): Period {
  const out: Period = {}
  if (p.start != null) out.start = instant(p.start)
  if (p.end != null) out.end = instant(p.end)
  return out
}

function instant (value: string): number {
  const t = Date.parse(value)
  if (Number.isNaN(t)) throw makeError('not a DateTime', 'BAD_INPUT')
  return t
}
