import { GraphQLError } from 'graphql'
import type { GraphQLFormattedError } from 'graphql'
import { MedledgerError } from '../core/errors.ts'
import { ERROR_REASONS } from '../core/errors.ts'
import type { ErrorCode } from '../core/errors.ts'

/** The public error codes clients see in `extensions.code`. */
export type PublicErrorCode =
  | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'CONSENT_REQUIRED' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'RATE_LIMITED' | 'INTERNAL_SERVER_ERROR'

/** The one place internal codes map to public ones. Anything not listed is masked as INTERNAL_SERVER_ERROR. */
const PUBLIC: Partial<Record<ErrorCode, PublicErrorCode>> = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CONSENT_REQUIRED: 'CONSENT_REQUIRED',
  NOT_FOUND: 'NOT_FOUND',
  BAD_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  NOT_SEALED: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED'
}

/**
 * Details a client acts on, copied from a MedledgerError's info into `extensions` (and kept when the gateway
 * formats a subgraph's error again): `reason`, one of {@link ERROR_REASONS}, and `retryAfter` (whole seconds,
 * with RATE_LIMITED). Nothing else of `info` is ever sent.
 */
function details (code: string, source: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const reason = source?.reason
  const retryAfter = source?.retryAfter
  return {
    ...publicExtensions(code as PublicErrorCode, source),
    ...(typeof reason === 'string' && (ERROR_REASONS as readonly string[]).includes(reason) ? { reason: reason } : {}),
    ...(typeof retryAfter === 'number' && Number.isSafeInteger(retryAfter) && retryAfter >= 0 ? { retryAfter } : {})
  }
}

/** Codes graphql-js and Apollo put on request errors (parse, validation, bad variables): passed through. */
const REQUEST_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', ...Object.values(PUBLIC)])

/**
 * Extension fields a public code may carry besides `code`, each a list of strings: CONSENT_REQUIRED's
 * `allowedPurposes` (records/access.ts). Everything else a MedledgerError holds stays on the server.
 */
const PUBLIC_EXTENSIONS: Partial<Record<PublicErrorCode, readonly string[]>> = { CONSENT_REQUIRED: ['allowedPurposes'] }

function publicExtensions (code: PublicErrorCode, source: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { code }
  for (const key of PUBLIC_EXTENSIONS[code] ?? []) {
    const value = source?.[key]
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out[key] = value
  }
  return out
}

/**
 * formatError for every subgraph and the gateway: a MedledgerError becomes its public code and message
 * (messages never hold health data); request errors pass; anything else is masked, its detail never sent.
 */
export function formatError (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error
  if (original instanceof MedledgerError) {
    const code = PUBLIC[original.code]
    if (code !== undefined) return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: details(code, original.info) }
    return masked(formatted)
  }
  const code = formatted.extensions?.code
  if (typeof code === 'string' && REQUEST_CODES.has(code)) {
    return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: details(code, formatted.extensions) }
  }
  return masked(formatted)
}

function masked (formatted: GraphQLFormattedError): GraphQLFormattedError {
  return { message: 'internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } }
}
