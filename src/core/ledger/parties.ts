/**
 * Who may read a ledger entry through the API: the parties it names, and auditors. An entry's parties are
 * the identities in its top-level party fields — `actor`, `subject`, `patient`, `patientId`, `practitioner`,
 * `team`, `donor`, `insurer`, `from`, `to`, `closedBy`, `reviewer`, `signer` — in any of the forms entries
 * use (`account:<id>`, `patient:<id>`, `org:<id>`, a bare patient, practitioner or account id, a wallet
 * address). People listed deeper inside an entry (the donors of a FundingContractAnchored) are not parties
 * of the whole entry: they see their own DonationSigned entries instead. Pure.
 */
import type { LedgerEntry } from './types.ts'

/** The top-level fields of an entry that name a party. */
export const PARTY_FIELDS = ['actor', 'subject', 'patient', 'patientId', 'practitioner', 'team', 'donor', 'insurer', 'from', 'to', 'closedBy', 'reviewer', 'signer'] as const

/** The identities one caller goes by in ledger entries. */
export interface PartyIdentity {
  accountId: string
  /** Wallet address (any case). */
  address?: string
  patientId?: string
  practitionerId?: string
  /** Organizations the caller administers: their token accounts `org:<id>`. */
  administers?: readonly string[]
}

/** Every string by which `who` may be named in an entry's party fields. */
export function identityStrings (who: PartyIdentity): Set<string> {
  const out = new Set<string>([who.accountId, `account:${who.accountId}`])
  if (who.address !== undefined) out.add(who.address.toLowerCase())
  if (who.patientId !== undefined) { out.add(who.patientId); out.add(`patient:${who.patientId}`) }
  if (who.practitionerId !== undefined) { out.add(who.practitionerId); out.add(`practitioner:${who.practitionerId}`) }
  for (const org of who.administers ?? []) out.add(`org:${org}`)
  return out
}

/** The party names an entry carries (lower-cased when they are wallet addresses). */
export function partiesOf (entry: LedgerEntry): string[] {
  const e = entry as Record<string, unknown>
  const out: string[] = []
  for (const field of PARTY_FIELDS) {
    const v = e[field]
    if (typeof v === 'string' && v !== '') out.push(/^0x[0-9a-fA-F]{40}$/.test(v) ? v.toLowerCase() : v)
  }
  return out
}

/** True when the entry names `who` in one of its party fields. */
export function isPartyTo (entry: LedgerEntry, who: PartyIdentity): boolean {
  const mine = identityStrings(who)
  return partiesOf(entry).some((p) => mine.has(p))
}
