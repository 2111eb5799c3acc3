import { randomUUID } from 'node:crypto'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { CarReader } from '@ipld/car/reader'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { MedledgerError } from '../core/errors.ts'
import type { Services } from '../subgraphs/context.ts'
import type { ViewerResolver } from '../subgraphs/registry.ts'
import { authorizeRows, logReads } from '../subgraphs/records/access.ts'

/** Where the trustless gateway route lives. */
export const IPFS_PREFIX = '/ipfs/'

const RAW = 'application/vnd.ipld.raw'
const CAR = 'application/vnd.ipld.car'

/**
 * A read-only IPFS Trustless Gateway (https://specs.ipfs.tech/http-gateways/trustless-gateway/) for record
 * bodies, so @helia/verified-fetch, Kubo or any IPFS client can fetch an envelope and verify it against its CID:
 * - `GET|HEAD /ipfs/<cid>` with `Accept: application/vnd.ipld.raw` (or `?format=raw`): the CID's block;
 * - with `Accept: application/vnd.ipld.car` (or `?format=car`): a CARv1 of the body's whole DAG, roots = [cid].
 * Bodies are ciphertext but still metadata (who has records, how many, when): a CID is served only to a
 * caller who may read a record version with that body — the patient, or a grantee or auditor whose grant
 * permits the read for the purpose in `X-Purpose-Of-Use` (default TREAT), that read then logged like any
 * other. Everyone else, and unknown CIDs, get 404. Other Accept values get 406; other methods 405.
 */
export function ipfsListener (options: { services: Services, resolveViewer: ViewerResolver }): RequestListener {
  return (req, res) => {
    handle(options, req, res).catch((err: unknown) => {
      if (res.headersSent) { res.destroy(); return }
      if (err instanceof MedledgerError && ['UNAUTHENTICATED', 'CONSENT_REQUIRED', 'FORBIDDEN', 'NOT_FOUND', 'BODY_NOT_FOUND'].includes(err.code)) return text(res, 404, 'not found')
      if (err instanceof MedledgerError && err.code === 'BODY_UNAVAILABLE') return text(res, 504, 'body not reachable in time')
      text(res, 500, 'internal error')
    })
  }
}

async function handle (options: { services: Services, resolveViewer: ViewerResolver }, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { services } = options
  const method = req.method ?? 'GET'
  if (method !== 'GET' && method !== 'HEAD') { res.setHeader('allow', 'GET, HEAD'); return text(res, 405, 'method not allowed') }
  const url = new URL(req.url ?? '/', 'http://localhost')
  const m = /^\/ipfs\/([a-zA-Z0-9]+)$/.exec(url.pathname)
  const cid = m === null ? undefined : parseCid(m[1]!)
  if (cid === undefined) return text(res, 400, 'expected /ipfs/<cid>')
  const format = pickFormat(url.searchParams.get('format'), req.headers.accept)
  if (format === undefined) return text(res, 406, `ask for ${RAW} or ${CAR}`)
  const data = services.data
  if (data === undefined) return text(res, 503, 'this process does not hold the data folder')

  // who may see this body: someone who may read a record version stored under it
  const rows = data.index.byCid(cid.toString())
  if (rows.length === 0) return text(res, 404, 'not found')
  const viewer = await options.resolveViewer(services, req.headers.authorization)
  const purpose = headerValue(req.headers['x-purpose-of-use']) ?? 'TREAT'
  const ctx = { viewer, requestId: randomUUID(), services, loaders: new Map<string, unknown>() }
  const patientId = rows[0]!.patientId
  const auth = await authorizeRows(ctx, patientId, rows.filter((r) => r.patientId === patientId), purpose)
  await logReads(ctx, patientId, purpose, auth, auth.permitted.slice(0, 1))

  const headers = {
    'cache-control': 'private, no-store', // served per caller; a revoked grant must hold on the next request
    vary: 'Accept, Authorization',
    'x-content-type-options': 'nosniff',
    'x-ipfs-path': `/ipfs/${cid.toString()}`,
    etag: `"${cid.toString()}.${format}"`
  }
  if (format === 'car') {
    res.writeHead(200, { ...headers, 'content-type': `${CAR}; version=1`, 'content-disposition': `attachment; filename="${cid.toString()}.car"` })
    if (method === 'HEAD') { res.end(); return }
    await data.bodies.exportCar([cid], async (chunk) => { if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve)) })
    res.end()
    return
  }
  const block = await rootBlock(data.bodies, cid)
  res.writeHead(200, { ...headers, 'content-type': RAW, 'content-length': String(block.byteLength), 'content-disposition': `attachment; filename="${cid.toString()}.bin"` })
  res.end(method === 'HEAD' ? undefined : block)
}

/** The CID's own block: the body for a raw CID, else the root block taken from the body's CAR (both verified). */
async function rootBlock (bodies: NonNullable<Services['data']>['bodies'], cid: CID): Promise<Uint8Array> {
  if (cid.code === raw.code) return bodies.get(cid)
  const chunks: Uint8Array[] = []
  await bodies.exportCar([cid], (chunk) => { chunks.push(chunk) })
  const reader = await CarReader.fromBytes(Buffer.concat(chunks))
  const block = await reader.get(cid)
  if (block === undefined) throw new Error('root block missing from CAR')
  return block.bytes
}

/** `?format=` wins over Accept (the spec's order); undefined when neither asks for raw or car. */
function pickFormat (param: string | null, accept: string | undefined): 'raw' | 'car' | undefined {
  if (param === 'raw' || param === 'car') return param
  if (param !== null) return undefined
  for (const part of (accept ?? '').split(',')) {
    const type = part.split(';')[0]!.trim().toLowerCase()
    if (type === RAW) return 'raw'
    if (type === CAR) return 'car'
  }
  return undefined
}

function parseCid (s: string): CID | undefined {
  try { return CID.parse(s) } catch { return undefined }
}

function headerValue (v: string | string[] | undefined): string | undefined {
  const one = Array.isArray(v) ? v[0] : v
  return one === undefined || one === '' ? undefined : one
}

function text (res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(message)
}
