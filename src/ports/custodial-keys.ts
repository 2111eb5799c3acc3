/**
 * Custodial keys: secp256k1 key pairs the service holds for people (and hospital directories) who have no
 * wallet yet, so their records can be sealed to a patient key from the first import. The private keys never
 * leave the port: callers get public keys and ask the port to open envelopes. Claiming an identity reseals
 * its records to the wallet key (new versions) and then destroys the custodial key.
 * Implementation: adapters/custodial-file (SQLite + a 0600 master key file); an external KMS later.
 */
export interface CustodialKeys {
  /** The owner's compressed public key, creating the key pair on first use (idempotent). */
  ensure(ownerId: string): Uint8Array
  /** The owner's compressed public key, or undefined when there is none (never created or destroyed). */
  publicKey(ownerId: string): Uint8Array | undefined
  /**
   * Opens an envelope sealed to the owner's custodial key (the patient path of src/core/envelope).
   * @throws MedledgerError KEY_NOT_FOUND without a key; DECRYPT_FAILED / ENVELOPE_MALFORMED as openWithPatientKey
   */
  open(ownerId: string, envelope: Uint8Array): Uint8Array
  /** Destroys the owner's key pair (after a claim); returns whether there was one. */
  destroy(ownerId: string): boolean
  close(): void
}
