import type { RecordBinding } from '../core/types.ts'

/**
 * Service keys: versioned key-encryption keys (KEK) and the ledger signing key.
 * Keys never leave this port: callers hand it DEKs to wrap and digests to sign.
 * The keystore (wrapped DEKs) is durable state, not a cache: the index can be rebuilt, this cannot.
 * Implementation: adapters/keys-file (key file 0600 + SQLite keystore); an external KMS later.
 */
export interface KeyedDek {
  binding: RecordBinding
  dek: Uint8Array
}

export interface StoredBinding extends RecordBinding {
  kekVersion: number
}

export interface LedgerSigner {
  /** 0x-prefixed checksummed Ethereum address of the signing key. */
  readonly address: string
  /** 65-byte r||s||v signature over a 32-byte digest, 0x-hex. */
  signDigest(digest: Uint8Array): string
}

export interface Keys {
  /**
   * Wraps each DEK under the current KEK and stores it durably (one transaction). A record version
   * already stored for the same patient gets the new wrap: the spine only writes versions the ledger does
   * not hold yet, so an existing row is the orphan of a crashed write.
   * @throws MedledgerError CONFLICT when a record version is already stored for another patient (nothing
   *   is stored); BAD_INPUT for a malformed binding or a DEK that is not 32 bytes
   */
  wrapDeks(items: KeyedDek[]): void
  /**
   * The DEK of one record version.
   * @throws MedledgerError KEY_NOT_FOUND when missing or shredded; DECRYPT_FAILED when the stored wrap does not
   *   open, including when `binding.patientId` is not the stored patient
   */
  unwrapDek(binding: RecordBinding): Uint8Array
  /** The stored binding (patient, KEK version) of a record version, if its key exists. */
  binding(recordId: string, version: number): StoredBinding | undefined
  /** Every stored binding, in no particular order. */
  bindings(): Iterable<StoredBinding>
  /** Creates a new KEK version and rewraps every stored DEK under it; bodies and CIDs are untouched. */
  rotateKek(): { version: number, rewrapped: number }
  currentKekVersion(): number
  /** Crypto-shredding: destroys the service copies of every version's DEK of a record. Returns how many. */
  shred(recordId: string): number
  ledgerSigner(): LedgerSigner
  close(): void
}
