/**
 * Query.ledgerEntry and the LedgerEntry entity: one ledger entry for the parties it names and for auditors
 * (src/core/ledger/parties.ts), with its sealing status and, once sealed, its inclusion proof. A record's
 * entries (RecordAnchored, RecordErased) also belong to the record's patient, found through the index where
 * this process has the data folder open.
 */
import { isError, makeError } from '../../core/errors.ts'
import { isPartyTo } from '../../core/ledger/parties.ts'
import type { LedgerEntry } from '../../core/ledger/types.ts'
import type { InclusionProofOut } from '../../ports/ledger.ts'
import type { SubgraphContext } from '../context.ts'
import { administers } from '../records/health/directory.ts'
import type { LedgerEntryResolvers } from './resolvers-types.generated.ts'
import type { LedgerEntryRef } from './model.ts'

/**
 * The entry at `index` when the caller may read it.
 * @throws MedledgerError UNAUTHENTICATED when signed out; BAD_INPUT for a negative index; NOT_FOUND beyond the
 *   ledger's end; FORBIDDEN unless the caller is a party to the entry or an AUDITOR
 */
export function readableEntry (ctx: SubgraphContext, index: number): LedgerEntry {
  const v = ctx.viewer
  if (v.kind === 'anonymous') throw makeError('sign in first', 'UNAUTHENTICATED')
  if (!Number.isSafeInteger(index) || index < 0) throw makeError('index must be a whole number ≥ 0', 'BAD_INPUT')
  if (index >= ctx.services.ledger.size()) throw makeError('no ledger entry at this index', 'NOT_FOUND')
  const entry = ctx.services.ledger.entry(index)
  if (v.kind !== 'account') throw makeError('ledger entries are read by their parties and auditors', 'FORBIDDEN')
  if (v.roles.includes('AUDITOR')) return entry
  const who = {
    accountId: v.accountId,
    address: v.address,
    ...(v.patientId === undefined ? {} : { patientId: v.patientId }),
    ...(v.practitionerId === undefined ? {} : { practitionerId: v.practitionerId }),
    administers: v.organizationIds.filter((o) => administers(ctx.services, v, o))
  }
  if (isPartyTo(entry, who) || ownsRecordOf(ctx, entry, v.patientId)) return entry
  throw makeError('ledger entries are read by their parties and auditors', 'FORBIDDEN')
}

/** True when the entry is about a record of patient `patientId` (RecordAnchored, RecordErased: `recordId`). */
function ownsRecordOf (ctx: SubgraphContext, entry: LedgerEntry, patientId: string | undefined): boolean {
  const recordId = (entry as Record<string, unknown>).recordId
  if (patientId === undefined || typeof recordId !== 'string' || ctx.services.data === undefined) return false
  return ctx.services.data.index.versions(recordId)[0]?.patientId === patientId
}

function proofOf (ctx: SubgraphContext, index: number): InclusionProofOut | null {
  try {
    return ctx.services.ledger.inclusionProof(index)
  } catch (err) {
    if (isError(err, 'NOT_SEALED')) return null
    throw err
  }
}

/** LedgerEntry fields; the parent holds only the index, so every field reads through {@link readableEntry}. */
export const LedgerEntryFields: LedgerEntryResolvers = {
  // a reference another subgraph returned (FundingCampaign.contract): null for a caller who may not read it
  __resolveReference: (ref, ctx) => {
    try {
      readableEntry(ctx, ref.index)
      return { index: ref.index }
    } catch (err) {
      if (isError(err, 'FORBIDDEN') || isError(err, 'NOT_FOUND')) return null
      throw err
    }
  },
  index: (r: LedgerEntryRef) => r.index,
  type: (r, _a, ctx) => readableEntry(ctx, r.index).type,
  time: (r, _a, ctx) => new Date(readableEntry(ctx, r.index).time).toISOString(),
  status: (r, _a, ctx) => proofOf(ctx, r.index) === null ? 'PENDING' : 'SEALED',
  entry: (r, _a, ctx) => readableEntry(ctx, r.index),
  leafHash: (r, _a, ctx) => proofOf(ctx, r.index)?.leafHash ?? null,
  block: (r, _a, ctx) => proofOf(ctx, r.index)?.block ?? null,
  inclusionProof: (r, _a, ctx) => proofOf(ctx, r.index)?.path ?? null
}
