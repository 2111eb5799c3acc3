/**
 * Review of break-glass access. A break-glass contract opened a patient's emergency records without any contact
 * confirming, so an auditor (AUDITOR) decides afterwards whether it was justified; the decision is a
 * `BreakGlassReviewed` ledger entry (the note only as a SHA-256, it may name clinical detail) and a row in
 * emergency.db. Hospital admins follow their own hospital's queue.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { makeError } from '../../core/errors.ts'
import { toHex } from '../../core/hex.ts'
import { actorOf } from '../context.ts'
import type { SubgraphContext } from '../context.ts'
import { identityRow } from '../identity-read.ts'
import type { AidContractRow } from './aid-store.ts'
import type { MutationResolvers, QueryResolvers } from './resolvers-types.generated.ts'
import { emergencyStore } from './store-of.ts'
import { requireDataDir } from '../data-dir.ts'

/** Longest note kept. */
const MAX_NOTE = 4000
/** Longest queue answered at once. */
const QUEUE_LIMIT = 500
/** Contracts being reviewed in this process: two auditors at once must not append two entries. */
const inFlight = new Set<string>()

function hospitalOf (ctx: SubgraphContext, contract: AidContractRow): string {
  return String(identityRow(ctx.services, 'SELECT organization_id FROM practitioners WHERE id = ?', contract.practitionerId).organization_id)
}

export const reviewQueries: Pick<QueryResolvers, 'breakGlassReviewQueue'> = {
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (neither AUDITOR nor HOSPITAL_ADMIN) */
  breakGlassReviewQueue: async (_p, { reviewed }, ctx) => {
    const v = ctx.viewer
    if (v.kind === 'anonymous') throw makeError('sign in first', 'UNAUTHENTICATED')
    const auditor = v.kind === 'account' && v.roles.includes('AUDITOR')
    const admin = v.kind === 'account' && v.roles.includes('HOSPITAL_ADMIN')
    if (!auditor && !admin) throw makeError('auditors and hospital admins follow break-glass reviews', 'FORBIDDEN')
    const rows = await emergencyStore(ctx).reviews.queue(reviewed ?? false, QUEUE_LIMIT)
    if (auditor || v.kind !== 'account') return rows
    return rows.filter((c) => v.organizationIds.includes(hospitalOf(ctx, c)))
  }
}

export const reviewMutations: Pick<MutationResolvers, 'reviewBreakGlass'> = {
  /**
   * An auditor records whether a break-glass contract was justified, once per contract.
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not an AUDITOR); NOT_FOUND (no break-glass contract with
   *   that id); BAD_INPUT (empty or long note); CONFLICT (reviewed already); Error where the data folder is not open
   */
  reviewBreakGlass: async (_p, { contractId, outcome, note }, ctx) => {
    const v = ctx.viewer
    if (v.kind === 'anonymous') throw makeError('sign in first', 'UNAUTHENTICATED')
    if (v.kind !== 'account' || !v.roles.includes('AUDITOR')) throw makeError('only auditors review break-glass access', 'FORBIDDEN')
    const trimmed = note.trim()
    if (trimmed.length === 0 || trimmed.length > MAX_NOTE) throw makeError(`the note must have 1 to ${MAX_NOTE} characters`, 'BAD_INPUT')
    const store = emergencyStore(ctx)
    const contract = await store.aid.contract({ id: contractId })
    if (contract === undefined || !contract.breakGlass) throw makeError('no break-glass contract with that id', 'NOT_FOUND')
    const data = requireDataDir(ctx.services, 'break-glass reviews')
    if (inFlight.has(contractId) || await store.reviews.review(contractId) !== undefined) throw makeError('the contract has been reviewed already', 'CONFLICT', { reason: 'ALREADY_DONE' })
    inFlight.add(contractId)
    try {
      const time = ctx.services.clock.now()
      const reviewer = actorOf(v)
      const [entryIndex] = await data.ledger.append([{
        type: 'BreakGlassReviewed', time, contractId, requestId: contract.requestId, outcome, reviewer, noteSha256: toHex(sha256(new TextEncoder().encode(trimmed)))
      }])
      await store.reviews.add({ contractId, reviewer, outcome, note: trimmed, time, entryIndex: entryIndex! })
      return contract
    } finally {
      inFlight.delete(contractId)
    }
  }
}
