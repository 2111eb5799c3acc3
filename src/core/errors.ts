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
  | 'RATE_LIMITED'
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

/**
 * Why a call did nothing, for the errors that say so (public `extensions.reason` beside `extensions.code`),
 * so a client can tell a refused or replayed call from a done one, and why it was refused, without reading
 * the message. Passed as `info.reason`.
 */
export type ErrorReason =
  /** The action is not due yet (a campaign settled before its deadline). */
  | 'NOT_DUE'
  /** The goal the action needs is not met (a team settling early below its goal). */
  | 'GOAL_NOT_MET'
  /** The same signed or referenced request was already applied; nothing happened twice. */
  | 'REPLAYED'
  /** The thing is already in the state asked for (a revoked key, a paid bill); nothing changed. */
  | 'ALREADY_DONE'
  /** A hospital in the shared DEFAULT price region must set its own region first (setHospitalRegion). */
  | 'REGION_NOT_SET'
  /** The caller's organization is not (or no longer) verified as a hospital (docs/security.md). */
  | 'ORGANIZATION_NOT_VERIFIED'
  /** The practitioner has not held the role long enough for break-glass. */
  | 'TENURE'
  /** RATE_LIMITED: the patient has as many open emergency requests as allowed. */
  | 'PATIENT_OPEN_REQUESTS'
  /** RATE_LIMITED: the practitioner opened as many emergency requests this hour as allowed. */
  | 'PRACTITIONER_HOURLY_REQUESTS'

/** Every {@link ErrorReason}, for validation. */
export const ERROR_REASONS: readonly ErrorReason[] = ['NOT_DUE', 'GOAL_NOT_MET', 'REPLAYED', 'ALREADY_DONE', 'REGION_NOT_SET', 'ORGANIZATION_NOT_VERIFIED', 'TENURE', 'PATIENT_OPEN_REQUESTS', 'PRACTITIONER_HOURLY_REQUESTS']

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
