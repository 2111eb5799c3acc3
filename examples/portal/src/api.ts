// A GraphQL client of ~20 lines: the client preset's typed document strings, POSTed as JSON.
import type { TypedDocumentString } from './gql/graphql.ts'

/** A GraphQL error as the gateway sends it. */
export interface ApiError { message: string, extensions?: { code?: string } }

/** Thrown for an answer with errors; `code` is the first error's extensions.code. */
export class ApiCallError extends Error {
  readonly code: string | undefined
  constructor (errors: ApiError[]) {
    super(errors.map((e) => e.message).join('; '))
    this.code = errors[0]?.extensions?.code
  }
}

/** Runs `document` against `url` with the bearer token, resolving with its typed data. @throws ApiCallError */
export async function execute<TResult, TVariables> (url: string, token: string | undefined, document: TypedDocumentString<TResult, TVariables>, variables: TVariables): Promise<TResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' }
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: document.toString(), variables }) })
  const body = await res.json() as { data?: TResult, errors?: ApiError[] }
  if (body.errors !== undefined && body.errors.length > 0) throw new ApiCallError(body.errors)
  return body.data as TResult
}
