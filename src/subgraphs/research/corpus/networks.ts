/**
 * Private sharing networks: a doctor creates one for a disease (Condition code), optionally an age band and an
 * occupation category; invites patients; a patient opts in when their shared records match; the doctor and
 * members see members' de-identified summaries (an alias random per network — not the corpus pseudonym, so the
 * doctor, who knows whom they invited, cannot follow a member into the corpus — quasi-identifiers, shared
 * copies) and nothing else.
 */
import { codesOf, matchesCode } from '../../../core/deid/index.ts'
import { makeError } from '../../../core/errors.ts'
import { toHex } from '../../../core/hex.ts'
import { uuid } from '../../../core/ids.ts'
import { actorOf } from '../../context.ts'
import type { SubgraphContext } from '../../context.ts'
import { patientWallet } from '../../consent/patient-wallet.ts'
import { patientOf, practitionerOf, signedIn } from './access.ts'
import type { NetworkRow } from './network-store.ts'
import { corpusStore } from './model.ts'
import type { NetworkMemberOut } from './model.ts'
import type { MutationResolvers, QueryResolvers, SharingNetworkResolvers } from '../resolvers-types.generated.ts'

export const networkQueries: Pick<QueryResolvers, 'sharingNetworks'> = {
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN for a caller who is neither practitioner nor patient */
  sharingNetworks: (_p, _a, ctx) => {
    signedIn(ctx)
    const v = ctx.viewer
    if (v.kind === 'account' && v.practitionerId !== undefined && v.roles.includes('PRACTITIONER')) return corpusStore(ctx).networks.networksOf(v.practitionerId)
    return corpusStore(ctx).networks.networksOfPatient(patientOf(ctx))
  }
}

export const networkMutations: Pick<MutationResolvers, 'createSharingNetwork' | 'inviteToSharingNetwork' | 'joinSharingNetwork' | 'leaveSharingNetwork'> = {
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a practitioner); BAD_INPUT (empty or over-long name or code) */
  createSharingNetwork: (_p, { input }, ctx) => {
    const practitionerId = practitionerOf(ctx)
    const name = input.name.trim()
    if (name.length === 0 || name.length > 200 || input.condition.length === 0 || input.condition.length > 300) throw makeError('name and condition are 1 to 200 / 300 characters', 'BAD_INPUT')
    if (input.ageBand != null && !/^(\d{1,2}-\d{1,2}|90\+)$/.test(input.ageBand)) throw makeError('ageBand is like 40-49 or 90+', 'BAD_INPUT')
    const row: NetworkRow = {
      id: uuid(ctx.services.rng),
      name,
      practitionerId,
      condition: input.condition,
      ...(input.ageBand == null ? {} : { ageBand: input.ageBand }),
      ...(input.occupation == null ? {} : { occupation: input.occupation }),
      createdAt: ctx.services.clock.now()
    }
    corpusStore(ctx).networks.addNetwork(row)
    return row
  },
  /**
   * Only patients the doctor treated (wrote a record of) may be invited, as for share requests; any other id,
   * registered or not, reads as not found, so invitations are no oracle for who is registered.
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not the network's doctor); NOT_FOUND (network, or not a patient of theirs);
   *   CONFLICT (reason ALREADY_DONE: invited or a member already)
   */
  inviteToSharingNetwork: (_p, { networkId, patientId }, ctx) => {
    const network = ownNetwork(ctx, networkId)
    const actor = actorOf(ctx.viewer)
    const treated = ctx.services.data?.index.byPatient(patientId, { latestOnly: false }).some((r) => r.actor === actor) === true
    if (!treated) throw makeError('no such patient of yours', 'NOT_FOUND')
    patientWallet(ctx.services, patientId)
    if (corpusStore(ctx).networks.membership(networkId, patientId) !== undefined) throw makeError('the patient is invited already; nothing changed', 'CONFLICT', { reason: 'ALREADY_DONE' })
    corpusStore(ctx).networks.invite(networkId, patientId, `n-${toHex(ctx.services.rng.bytes(16))}`)
    return network
  },
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a patient, or shared records do not match); NOT_FOUND (not invited); CONFLICT (reason ALREADY_DONE: a member already) */
  joinSharingNetwork: (_p, { networkId }, ctx) => {
    const patientId = patientOf(ctx)
    const store = corpusStore(ctx)
    const network = store.networks.network(networkId)
    const membership = network === undefined ? undefined : store.networks.membership(networkId, patientId)
    if (network === undefined || membership === undefined) throw makeError('no such network invitation', 'NOT_FOUND')
    if (membership === 'MEMBER') throw makeError('a member already; nothing changed', 'CONFLICT', { reason: 'ALREADY_DONE' })
    const person = store.person(patientId)
    const matches = person !== undefined &&
      (network.ageBand === undefined || person.qi.ageBand === network.ageBand) &&
      (network.occupation === undefined || person.qi.occupation === network.occupation) &&
      store.latestCopies([person.pseudonym]).some((c) => c.resourceType === 'Condition' && matchesCode(codesOf(c.resource.code), network.condition))
    if (!matches) throw makeError('your shared records do not match this network', 'FORBIDDEN')
    store.networks.setMembership(networkId, patientId, 'MEMBER')
    return { ...network, membership: 'MEMBER' as const }
  },
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a patient); NOT_FOUND (not in the network); CONFLICT (reason ALREADY_DONE: invited, not a member) */
  leaveSharingNetwork: (_p, { networkId }, ctx) => {
    const patientId = patientOf(ctx)
    const store = corpusStore(ctx)
    const membership = store.networks.membership(networkId, patientId)
    if (membership === undefined) throw makeError('no such network membership', 'NOT_FOUND')
    if (membership !== 'MEMBER') throw makeError('not a member of the network (invited only); nothing changed', 'CONFLICT', { reason: 'ALREADY_DONE' })
    store.networks.setMembership(networkId, patientId, 'INVITED')
    return true
  }
}

export const SharingNetwork: SharingNetworkResolvers = {
  occupation: (n) => n.occupation ?? null,
  ageBand: (n) => n.ageBand ?? null,
  createdAt: (n) => n.createdAt,
  membership: (n, _a, ctx) => {
    const v = ctx.viewer
    if (v.kind !== 'account' || v.patientId === undefined) return null
    return corpusStore(ctx).networks.membership(n.id, v.patientId) ?? null
  },
  /** @throws MedledgerError FORBIDDEN for anyone but the network's doctor and its members */
  members: (n, _a, ctx) => {
    const v = ctx.viewer
    const store = corpusStore(ctx)
    const isDoctor = v.kind === 'account' && v.practitionerId === n.practitionerId
    const isMember = v.kind === 'account' && v.patientId !== undefined && store.networks.membership(n.id, v.patientId) === 'MEMBER'
    if (!isDoctor && !isMember) throw makeError('only the network\'s doctor and members see its members', 'FORBIDDEN')
    // Members appear under their alias in this network, in the copies' subject too: never the corpus pseudonym.
    // Decision: members and the doctor see co-members' pending copies too (latestCopies), as before release
    // batches. They opted in and the view names no corpus pseudonym, so it is no corpus snapshot to diff: a
    // pending copy shown here reveals nothing about which pseudonym is new in the corpus that the released copy
    // would not reveal later (content equal apart from the subject matches a member's copy to the corpus either
    // way). Hiding pending copies here would not hide timing inside a network anyway (the batch's other people
    // are rarely members) and would refuse joinSharingNetwork to someone who just shared.
    const aliases = store.networks.memberPseudonyms(n.id)
    const byPerson = new Map<string, NetworkMemberOut>()
    for (const c of store.latestCopies([...aliases.keys()])) {
      const alias = aliases.get(c.pseudonym)!
      let m = byPerson.get(alias)
      if (m === undefined) byPerson.set(alias, m = { pseudonym: alias, qi: c.qi, records: [] })
      m.records.push({ ...c.resource, subject: { reference: `Patient/${alias}` } })
    }
    return [...byPerson.values()].sort((a, b) => a.pseudonym < b.pseudonym ? -1 : 1)
  }
}

/** The network `id` of the signed-in doctor. @throws MedledgerError UNAUTHENTICATED; FORBIDDEN; NOT_FOUND */
function ownNetwork (ctx: SubgraphContext, id: string): NetworkRow {
  const practitionerId = practitionerOf(ctx)
  const network = corpusStore(ctx).networks.network(id)
  if (network === undefined || network.practitionerId !== practitionerId) throw makeError('no such network of yours', 'NOT_FOUND')
  return network
}
