/**
 * One error type with a stable `code` for every failure medledger reports on purpose.
 * Tests assert the code, never the message; messages never contain health data.
 * (Shape follows ethers v6: makeError / assert / isError.)
 */
export type ErrorCode =
  | 'BAD_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONSENT_REQUIRED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'ENVELOPE_MALFORMED'
  | 'DECRYPT_FAILED'
  | 'KEY_NOT_FOUND'
  | 'CID_MISMATCH'
  | 'BODY_NOT_FOUND'
  | 'LEDGER_CORRUPT'
  | 'LEDGER_BAD_SIGNATURE'
  | 'PROOF_INVALID'
  | 'NOT_SEALED'
  | 'INDEX_STALE'
  | 'KEYSTORE_CORRUPT'
  | 'CHAIN_UNAVAILABLE'
  | 'ANCHOR_MISMATCH'
  | 'ANCHOR_MISSING'
  | 'ANCHOR_REJECTED'
  | 'BODY_UNAVAILABLE'
  | 'REPLICATION_FAILED'

export class MedledgerError extends Error {
  readonly code: ErrorCode
  readonly info: Record<string, unknown>

  constructor (message: string, code: ErrorCode, info: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options)
    this.name = 'MedledgerError'
    this.code = code
    this.info = info
  }
}

/** Builds a MedledgerError; `info` must never hold record bodies or identifying fields. */
export function makeError (message: string, code: ErrorCode, info: Record<string, unknown> = {}, cause?: unknown): MedledgerError {
  return new MedledgerError(message, code, info, cause === undefined ? undefined : { cause })
}

/** Throws a MedledgerError with `code` unless `condition` holds. */
export function assert (condition: unknown, message: string, code: ErrorCode, info: Record<string, unknown> = {}): asserts condition {
  if (!condition) throw makeError(message, code, info)
}

/** True when `err` is a MedledgerError with the given code. */
export function isError (err: unknown, code: ErrorCode): err is MedledgerError {
  return err instanceof MedledgerError && err.code === code
}
