/** Time and randomness are passed into core code, never read from the environment. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
}

export interface Rng {
  /** `n` cryptographically random bytes. */
  bytes(n: number): Uint8Array
}

/** What a record version's encryption is bound to: changing any of these makes decryption fail. */
export interface RecordBinding {
  recordId: string
  version: number
  patientId: string
}
