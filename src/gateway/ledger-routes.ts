import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { MedledgerError } from '../core/errors.ts'
import { verifierKey } from '../core/tlog/checkpoint.ts'
import type { NoteSigner } from '../core/tlog/checkpoint.ts'
import { parseTilePath } from '../core/tlog/layout.ts'
import type { LedgerLog } from '../ports/ledger.ts'
import type { Services } from '../subgraphs/context.ts'
import type { ViewerResolver } from '../subgraphs/registry.ts'

/** Where the ledger's transparency-log routes live. */
export const LEDGER_PREFIX = '/ledger/'

/** Hash tiles and bundles never change once served (tlog-tiles): cache them for a year. */
const IMMUTABLE = 'max-age=31536000, immutable'

export interface LedgerRoutesOptions {
  services: Services
  resolveViewer: ViewerResolver
  /** The log to serve; undefined (a process without the data folder) answers 503. */
  log: LedgerLog | undefined
  /** The log key, for `GET /ledger/key`. */
  noteSigner?: NoteSigner
}

/**
 * The ledger as a C2SP transparency log over plain HTTP, so standard tlog tooling and witnesses can follow it:
 * - `GET /ledger/checkpoint`: the latest block as a signed note (tlog-checkpoint), not cached;
 * - `GET /ledger/key`: the checkpoint verifier key (`<origin>+<id>+<key>`);
 * - `GET /ledger/tile/<L>/<N>[.p/<W>]`: hash tiles, public and immutable — hashes reveal nothing about patients;
 * - `GET /ledger/tile/entries/<N>[.p/<W>]`: entry bundles, which name actors and records: AUDITORs only
 *   (401 without a session, 403 for anyone else), `private` caching.
 */
export function ledgerListener (options: LedgerRoutesOptions): RequestListener {
  return (req, res) => {
    handle(options, req, res).catch((err: unknown) => {
      if (res.headersSent) { res.destroy(); return }
      const status = err instanceof MedledgerError && err.code === 'BAD_INPUT' ? 400 : 500
      text(res, status, status === 400 ? 'bad request\n' : 'internal error\n')
    })
  }
}

async function handle (options: LedgerRoutesOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD')
    return text(res, 405, 'use GET\n')
  }
  const log = options.log
  if (log === undefined) return text(res, 503, 'this process does not hold the ledger\n')
  if (path === '/ledger/checkpoint') {
    const note = await log.checkpoint()
    if (note === undefined) return text(res, 404, 'no checkpoint yet\n')
    return text(res, 200, note, { 'cache-control': 'no-cache' })
  }
  if (path === '/ledger/key' && options.noteSigner !== undefined) {
    return text(res, 200, verifierKey(options.noteSigner.name, options.noteSigner.publicKey) + '\n', { 'cache-control': 'no-cache' })
  }
  if (!path.startsWith('/ledger/tile/')) return text(res, 404, 'not found\n')
  let name
  try { name = parseTilePath(path.slice('/ledger/'.length)) } catch { return text(res, 404, 'not a tile path\n') }
  if (name.level === 'entries') {
    const viewer = await options.resolveViewer(options.services, req.headers.authorization)
    if (viewer.kind === 'anonymous') {
      res.setHeader('www-authenticate', 'Bearer')
      return text(res, 401, 'sign in\n')
    }
    if (viewer.kind !== 'account' || !viewer.roles.includes('AUDITOR')) return text(res, 403, 'entry bundles are for auditors\n')
    const bundle = await log.entryBundle(name.index, name.width)
    if (bundle === undefined) return text(res, 404, 'no such bundle yet\n')
    return bytes(res, bundle, `private, ${IMMUTABLE}`)
  }
  const tile = await log.tile(name.level, name.index, name.width)
  if (tile === undefined) return text(res, 404, 'no such tile yet\n')
  return bytes(res, tile, `public, ${IMMUTABLE}`)
}

function text (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(body)
}

function bytes (res: ServerResponse, body: Uint8Array, cacheControl: string): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': cacheControl, 'content-length': String(body.length) }).end(body)
}
