import { GraphQLError } from 'graphql'
import type { GraphQLFormattedError } from 'graphql'
import { MedledgerError } from '../core/errors.ts'
import { ERROR_REASONS } from '../core/errors.ts'
import type { ErrorCode, ErrorReason } from '../core/errors.ts'

/** The public error codes clients see in `extensions.code`. */
export type PublicErrorCode =
  | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'CONSENT_REQUIRED' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'INTERNAL_SERVER_ERROR'

/** The one place internal codes map to public ones. Anything not listed is masked as INTERNAL_SERVER_ERROR. */
const PUBLIC: Partial<Record<ErrorCode, PublicErrorCode>> = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CONSENT_REQUIRED: 'CONSENT_REQUIRED',
  NOT_FOUND: 'NOT_FOUND',
  BAD_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  NOT_SEALED: 'CONFLICT'
}

/** Codes graphql-js and Apollo put on request errors (parse, validation, bad variables): passed through. */
const REQUEST_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', ...Object.values(PUBLIC)])

/**
 * formatError for every subgraph and the gateway: a MedledgerError becomes its public code and message
 * (messages never hold health data); request errors pass; anything else is masked, its detail never sent.
 */
export function formatError (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error
  if (original instanceof MedledgerError) {
    const code = PUBLIC[original.code]
    if (code !== undefined) return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: withReason(code, original.info.reason) }
    return masked(formatted)
  }
  const code = formatted.extensions?.code
  if (typeof code === 'string' && REQUEST_CODES.has(code)) {
    // a subgraph's error as the gateway sees it: its reason passes with its code
    return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: withReason(code, formatted.extensions?.reason) }
  }
  return masked(formatted)
}

/** `{ code }`, plus `reason` when it is one of {@link ERROR_REASONS} (the public `extensions.reason`). */
function withReason (code: string, reason: unknown): { code: string, reason?: ErrorReason } {
  return typeof reason === 'string' && (ERROR_REASONS as readonly string[]).includes(reason) ? { code, reason: reason as ErrorReason } : { code }
}

function masked (formatted: GraphQLFormattedError): GraphQLFormattedError {
  return { message: 'internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } }
}
