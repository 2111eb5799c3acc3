import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { createReadStream, existsSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { MedledgerError, makeError } from '../core/errors.ts'
import { deleteExportJob, exportPatientBundle, exportPatientCar, startExportJob } from '../export/index.ts'
import type { Services, Viewer } from '../subgraphs/context.ts'
import type { ViewerResolver } from '../subgraphs/registry.ts'
import { assertHospital, importState } from '../subgraphs/records/import-jobs.ts'
import { exportFilePath, exportStatusPath, visibleExportJob } from '../subgraphs/records/export.ts'
import { RESOURCE_TYPE, RESOURCE_TYPE_SOURCE } from '../core/fhir/grammar.ts'

/** Where the FHIR export routes live. */
export const FHIR_PREFIX = '/fhir/'

/** `/fhir/$export-file/<job>/<Type>.ndjson`. */
const EXPORT_FILE = new RegExp(`^\\/fhir\\/\\$export-file\\/([0-9a-f-]{36})\\/(${RESOURCE_TYPE_SOURCE})\\.ndjson$`)
const STATUS: Partial<Record<string, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_INPUT: 400, CONFLICT: 409 }

/**
 * FHIR export over plain HTTP (the gateway process must own the data folder, else 503):
 * - `GET /fhir/Patient/<id>/$everything`: the patient's record as a `searchset` Bundle (the patient themself only);
 * - `GET /fhir/Patient/<id>/$export-car`: a CAR of the encrypted bodies with ledger proofs (the patient only);
 * - `GET /fhir/$export[?_type=A,B][&organization=<id>]`: FHIR Bulk Data kick-off for a hospital admin or an
 *   API key with IMPORT → 202 with `Content-Location: /fhir/$export-status/<job>`;
 * - `GET /fhir/$export-status/<job>`: 202 with `X-Progress` while running, then 200 with the manifest;
 *   `DELETE` cancels and deletes the files;
 * - `GET /fhir/$export-file/<job>/<Type>.ndjson`: one output file (application/fhir+ndjson).
 * Errors are OperationOutcome JSON with the HTTP status of the error code.
 */
export function fhirListener (options: { services: Services, resolveViewer: ViewerResolver }): RequestListener {
  return (req, res) => {
    handle(options, req, res).catch((err: unknown) => {
      if (res.headersSent) { res.destroy(); return }
      const code = err instanceof MedledgerError ? err.code : 'INTERNAL'
      outcome(res, STATUS[code] ?? 500, code === 'INTERNAL' ? 'internal error' : (err as Error).message)
    })
  }
}

async function handle (options: { services: Services, resolveViewer: ViewerResolver }, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { services } = options
  const url = new URL(req.url ?? '/', 'http://localhost')
  const path = decodedPath(url.pathname)
  const method = req.method ?? 'GET'
  const viewer = await options.resolveViewer(services, req.headers.authorization)
  const data = services.data
  if (data === undefined) return outcome(res, 503, 'this process does not hold the data folder')
  const now = services.clock.now()

  let m = /^\/fhir\/Patient\/([^/]+)\/\$(everything|export-car)$/.exec(path)
  if (m !== null && method === 'GET') {
    assertOwner(viewer, m[1]!)
    if (m[2] === 'everything') {
      const bundle = await exportPatientBundle(data, m[1]!, now, 'searchset')
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(bundle))
      return
    }
    res.writeHead(200, { 'content-type': 'application/vnd.ipld.car; version=1', 'content-disposition': `attachment; filename="${m[1]!}.car"` })
    await exportPatientCar(data, m[1]!, now, async (chunk) => { if (!res.write(chunk)) await new Promise((r) => res.once('drain', r)) })
    res.end()
    return
  }
  if (path === '/fhir/$export' && method === 'GET') {
    const organizationId = organizationOf(viewer, url.searchParams.get('organization'))
    assertHospital(viewer, organizationId)
    const types = (url.searchParams.get('_type') ?? '').split(',').map((t) => t.trim()).filter((t) => t.length > 0)
    if (!types.every((t) => RESOURCE_TYPE.test(t))) throw makeError('_type lists FHIR resource types', 'BAD_INPUT')
    const job = startExportJob({ spine: data.spine, index: data.index, state: importState(services), dataDir: services.dataDir, now: () => services.clock.now() },
      { id: randomUUID(), organizationId, types })
    res.writeHead(202, { 'content-location': exportStatusPath(job.id) }).end()
    return
  }
  m = /^\/fhir\/\$export-status\/([0-9a-f-]{36})$/.exec(path)
  if (m !== null && (method === 'GET' || method === 'DELETE')) {
    const job = visibleExportJob(viewer, m[1]!)
    if (job === undefined) throw makeError('no such export job', 'NOT_FOUND')
    if (method === 'DELETE') { deleteExportJob(job.id); res.writeHead(202).end(); return }
    if (job.status === 'RUNNING') { res.writeHead(202, { 'x-progress': 'running', 'retry-after': '1' }).end(); return }
    if (job.status === 'FAILED') return outcome(res, 500, job.error ?? 'export failed')
    const base = `${req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      transactionTime: new Date(job.startedAt).toISOString(),
      request: `${base}/fhir/$export${job.types.length > 0 ? `?_type=${job.types.join(',')}` : ''}`,
      requiresAccessToken: true,
      output: job.output.map((o) => ({ type: o.type, url: `${base}${exportFilePath(job.id, o.type)}`, count: o.count })),
      error: []
    }))
    return
  }
  m = EXPORT_FILE.exec(path)
  if (m !== null && method === 'GET') {
    const job = visibleExportJob(viewer, m[1]!)
    const file = job === undefined ? undefined : join(job.dir, `${m[2]!}.ndjson`)
    if (file === undefined || job?.status !== 'DONE' || !existsSync(file)) throw makeError('no such export file', 'NOT_FOUND')
    res.writeHead(200, { 'content-type': 'application/fhir+ndjson' })
    createReadStream(file).pipe(res)
    return
  }
  outcome(res, 404, 'not found')
}

function assertOwner (viewer: Viewer, patientId: string): void {
  if (viewer.kind === 'anonymous') throw makeError('sign in first', 'UNAUTHENTICATED')
  if (viewer.kind !== 'account' || viewer.patientId !== patientId) throw makeError('only the patient may export their record', 'FORBIDDEN')
}

function organizationOf (viewer: Viewer, given: string | null): string {
  if (viewer.kind === 'apiKey') return viewer.organizationId
  if (given !== null) return given
  if (viewer.kind === 'account' && viewer.organizationIds.length === 1) return viewer.organizationIds[0]!
  throw makeError('name the organization (?organization=<id>)', 'BAD_INPUT')
}

/**
 * The path with its percent-escapes decoded.
 * @throws MedledgerError BAD_INPUT for a malformed escape (`%ZZ`, a truncated UTF-8 sequence)
 */
function decodedPath (pathname: string): string {
  try {
    return decodeURIComponent(pathname)
  } catch {
    throw makeError('the path has a malformed percent-encoding', 'BAD_INPUT')
  }
}

/** FHIR issue-type codes (http://hl7.org/fhir/R4/valueset-issue-type.html) by HTTP status. */
const ISSUE_TYPE: Partial<Record<number, string>> = { 400: 'invalid', 401: 'login', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 500: 'exception', 503: 'transient' }

function outcome (res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/fhir+json' })
    .end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: ISSUE_TYPE[status] ?? 'processing', diagnostics: message }] }))
}
