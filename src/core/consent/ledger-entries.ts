/**
 * The ledger entries consent and erasure append (open entry types, see core/ledger/types.ts). They hold ids,
 * hashes, addresses and signed typed data — never a record body.
 */
import type { LedgerEntryBase } from '../ledger/types.ts'

/** A grant as signed: re-verify with parseTypedData(JSON.parse(typedData), 'Grant') and recoverSigner. */
export interface ConsentGranted extends LedgerEntryBase {
  type: 'ConsentGranted'
  grantId: string
  patient: string
  /** Canonical JSON of the EIP-712 typed data the patient signed. */
  typedData: string
  signature: string
  /** Checksummed address that signed (the patient's wallet). */
  signer: string
}

/** A revocation as signed (typed data of primary type Revocation). */
export interface ConsentRevoked extends LedgerEntryBase {
  type: 'ConsentRevoked'
  grantId: string
  patient: string
  typedData: string
  signature: string
  signer: string
}

/** A record crypto-shredded by its patient: which versions (and their body CIDs) became unreadable. */
export interface RecordErased extends LedgerEntryBase {
  type: 'RecordErased'
  recordId: string
  versions: Array<{ version: number, cid: string }>
  actor: string
}
