import { readFileSync } from 'node:fs'
import { makeError } from '../core/errors.ts'
import { SUBGRAPH_NAMES } from './compose.ts'
import type { SubgraphName } from './compose.ts'

/** `medledger serve --config file.json`: `{ "subgraphs": { "research": "http://127.0.0.1:5005/graphql" } }`. */
export interface GatewayConfig {
  /** Subgraphs served by other processes; the rest run inside the gateway. */
  subgraphs: Partial<Record<SubgraphName, string>>
}

/**
 * Reads and checks a gateway config file.
 * @throws MedledgerError BAD_INPUT when the file is unreadable, not JSON, names an unknown subgraph or
 *   gives a URL that is not http(s)
 */
export function readGatewayConfig (file: string): GatewayConfig {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw makeError(`cannot read gateway config ${file}: ${(err as Error).message}`, 'BAD_INPUT', { file }, err)
  }
  return parseGatewayConfig(raw)
}

/**
 * Checks a parsed gateway config.
 * @throws MedledgerError BAD_INPUT as readGatewayConfig
 */
export function parseGatewayConfig (raw: unknown): GatewayConfig {
  const subgraphs = (raw as { subgraphs?: unknown } | null)?.subgraphs ?? {}
  if (typeof subgraphs !== 'object' || subgraphs === null || Array.isArray(subgraphs)) throw makeError('gateway config: "subgraphs" must be an object of name → URL', 'BAD_INPUT')
  const out: Partial<Record<SubgraphName, string>> = {}
  for (const [name, url] of Object.entries(subgraphs)) {
    if (!(SUBGRAPH_NAMES as readonly string[]).includes(name)) throw makeError(`gateway config: unknown subgraph '${name}'; expected one of ${SUBGRAPH_NAMES.join(', ')}`, 'BAD_INPUT')
    if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw makeError(`gateway config: subgraph '${name}' needs an http(s) URL`, 'BAD_INPUT')
    out[name as SubgraphName] = url
  }
  return { subgraphs: out }
}
