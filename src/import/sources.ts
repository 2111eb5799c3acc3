import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { gunzipSync, createGunzip } from 'node:zlib'
import { makeError } from '../core/errors.ts'
import type { IssueCode } from './outcome.ts'
import { FHIR_ID_SOURCE } from '../core/fhir/grammar.ts'

/** The id at the end of an absolute fullUrl (`…/Type/<id>`). */
const TRAILING_ID = new RegExp(`\\/(${FHIR_ID_SOURCE})$`)

/** Resource types with no patient of their own: a hospital's directory, imported before anything else. */
export const DIRECTORY_RANK: Readonly<Record<string, number>> = {
  Organization: 0, Location: 1, Endpoint: 1, HealthcareService: 1, Practitioner: 2, PractitionerRole: 3, Medication: 3, Patient: 4
}
const OTHER_RANK = 5
const BUNDLE_TYPES = new Set(['transaction', 'batch', 'collection'])
/** Longest NDJSON line accepted (bytes of UTF-16 text); a longer one is rejected as too long. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024

export interface SourceFile {
  path: string
  kind: 'ndjson' | 'bundle'
  /** Processing order: directory types first, then patients, then the rest. */
  rank: number
  /** Resources (NDJSON lines, Bundle entries) it holds, for progress. */
  count: number
}

/** Where a reference inside a Bundle points: what its fullUrls and identifiers resolve to. */
export interface BundleContext {
  fullUrls: Map<string, { type: string, sourceId: string }>
}

/** One input resource, parsed, or why it could not be. */
export interface SourceItem {
  file: string
  /** 1-based position in processing order within the file: what the checkpoint counts. */
  position: number
  /** 1-based line (NDJSON) or entry number (Bundle) for reports. */
  line: number
  expression?: string
  resource?: unknown
  /** The Bundle entry's fullUrl. */
  fullUrl?: string
  /** The Bundle entry's request method, when given. */
  method?: string
  error?: { code: IssueCode, reason: string }
  bundle?: BundleContext
}

/**
 * The importable files under the given paths (folders walked recursively for .json, .ndjson, .jsonl and
 * their .gz forms; symbolic links inside folders are not followed), classified and sorted into processing
 * order (rank, then path).
 * @throws MedledgerError BAD_INPUT for a path that does not exist; NOT_FOUND when nothing importable is found
 */
export async function discoverSources (paths: string[]): Promise<SourceFile[]> {
  const files: string[] = []
  for (const p of paths) {
    const abs = resolve(p)
    let st
    try { st = statSync(abs) } catch { throw makeError(`no such file or folder: ${p}`, 'BAD_INPUT') }
    if (st.isDirectory()) files.push(...walk(abs))
    else files.push(abs)
  }
  if (files.length === 0) throw makeError('no importable files (.json, .ndjson, .jsonl, optionally .gz) found', 'NOT_FOUND')
  const out: SourceFile[] = []
  for (const path of [...new Set(files)]) out.push(await classify(path))
  return out.sort((a, b) => a.rank - b.rank || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

function walk (dir: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...walk(p))
    else if (e.isFile() && /\.(json|ndjson|jsonl)(\.gz)?$/i.test(e.name)) out.push(p) // symlinks are not followed
  }
  return out
}

function isNdjson (path: string): boolean {
  return /\.(ndjson|jsonl)(\.gz)?$/i.test(path)
}

async function classify (path: string): Promise<SourceFile> {
  if (isNdjson(path)) {
    let count = 0
    let rank = OTHER_RANK
    for await (const line of lines(path)) {
      if (line.trim().length === 0) continue
      if (count === 0) rank = rankOfLine(line)
      count++
    }
    return { path, kind: 'ndjson', rank, count }
  }
  const bundle = parseBundle(path)
  if (bundle.entries === undefined) return { path, kind: 'bundle', rank: OTHER_RANK, count: 1 }
  const ranks = bundle.entries.map((e) => rankOf(typeOf(e)))
  return { path, kind: 'bundle', rank: ranks.every((r) => r < DIRECTORY_RANK.Patient!) ? Math.max(0, ...ranks) : OTHER_RANK, count: Math.max(1, bundle.entries.length) }
}

function rankOf (type: string | undefined): number {
  return type === undefined ? OTHER_RANK : DIRECTORY_RANK[type] ?? OTHER_RANK
}

function rankOfLine (line: string): number {
  const m = /"resourceType"\s*:\s*"([A-Za-z]+)"/.exec(line.slice(0, 4096))
  return rankOf(m?.[1])
}

function typeOf (entry: unknown): string | undefined {
  const t = (entry as { resource?: { resourceType?: unknown } } | null)?.resource?.resourceType
  return typeof t === 'string' ? t : undefined
}

function open (path: string): Readable {
  const raw = createReadStream(path)
  return /\.gz$/i.test(path) ? raw.pipe(createGunzip()) : raw
}

/** The lines of a (possibly gzipped) text file, one at a time: memory is bounded by the longest line. */
async function * lines (path: string): AsyncGenerator<string> {
  const rl = createInterface({ input: open(path), crlfDelay: Infinity })
  yield * rl
}

/**
 * The items of one file from position `after + 1` on (what a checkpoint skips is not parsed). NDJSON is
 * read line by line; a Bundle is one JSON document, parsed whole, its entries ordered directory types
 * first, then Patient, then the rest (stable).
 */
export async function * readItems (source: SourceFile, after: number): AsyncGenerator<SourceItem> {
  if (source.kind === 'ndjson') {
    let n = 0
    for await (const text of lines(source.path)) {
      n++
      if (n <= after || text.trim().length === 0) continue // blank lines carry nothing
      yield ndjsonItem(source.path, n, text)
    }
    return
  }
  const bundle = parseBundle(source.path)
  if (bundle.error !== undefined) {
    if (after < 1) yield { file: source.path, position: 1, line: 1, error: bundle.error }
    return
  }
  const entries = bundle.entries!
  const fullUrls = new Map<string, { type: string, sourceId: string }>()
  entries.forEach((e) => {
    const r = (e as { resource?: { resourceType?: unknown, id?: unknown } } | null)?.resource
    const fullUrl = (e as { fullUrl?: unknown } | null)?.fullUrl
    if (typeof r?.resourceType !== 'string' || typeof fullUrl !== 'string') return
    const sourceId = typeof r.id === 'string' ? r.id : lastSegment(fullUrl)
    if (sourceId !== undefined) fullUrls.set(fullUrl, { type: r.resourceType, sourceId })
  })
  const context: BundleContext = { fullUrls }
  const order = entries.map((e, i) => ({ e, i, rank: rankOf(typeOf(e)) })).sort((a, b) => a.rank - b.rank || a.i - b.i)
  for (const [k, { e, i }] of order.entries()) {
    if (k + 1 <= after) continue
    const item: SourceItem = { file: source.path, position: k + 1, line: i + 1, expression: `Bundle.entry[${i}]`, bundle: context }
    const entry = e as { resource?: unknown, fullUrl?: unknown, request?: { method?: unknown } } | null
    if (entry === null || typeof entry !== 'object' || entry.resource === undefined) {
      item.error = { code: 'required', reason: 'Bundle entry has no resource' }
    } else {
      item.resource = entry.resource
      if (typeof entry.fullUrl === 'string') item.fullUrl = entry.fullUrl
      if (typeof entry.request?.method === 'string') item.method = entry.request.method
    }
    yield item
  }
}

function ndjsonItem (file: string, line: number, text: string): SourceItem {
  const item: SourceItem = { file, position: line, line }
  if (text.length > MAX_LINE_CHARS) item.error = { code: 'too-long', reason: `line longer than ${MAX_LINE_CHARS} characters` }
  else {
    try {
      item.resource = JSON.parse(text)
    } catch (err) {
      item.error = { code: 'structure', reason: `invalid JSON: ${err instanceof Error ? err.message.replace(/"[^"]*"/g, '…').slice(0, 120) : 'unparseable'}` }
    }
  }
  return item
}

function lastSegment (fullUrl: string): string | undefined {
  const m = /^urn:uuid:([0-9a-fA-F-]{36})$/.exec(fullUrl) ?? TRAILING_ID.exec(fullUrl)
  return m?.[1]
}

function parseBundle (path: string): { entries?: unknown[], error?: SourceItem['error'] } {
  let value: unknown
  try {
    const bytes = readFileSync(path)
    const text = (/\.gz$/i.test(path) ? gunzipSync(bytes) : bytes).toString('utf8')
    value = JSON.parse(text)
  } catch (err) {
    return { error: { code: 'structure', reason: `not a JSON document: ${err instanceof Error ? err.message.slice(0, 120) : 'unreadable'}` } }
  }
  const b = value as { resourceType?: unknown, type?: unknown, entry?: unknown } | null
  if (b?.resourceType !== 'Bundle') return { error: { code: 'invalid', reason: 'a .json input must be a FHIR Bundle' } }
  if (typeof b.type !== 'string' || !BUNDLE_TYPES.has(b.type)) return { error: { code: 'not-supported', reason: `Bundle type ${String(b.type)} is not imported (transaction, batch or collection)` } }
  if (b.entry !== undefined && !Array.isArray(b.entry)) return { error: { code: 'structure', reason: 'Bundle.entry must be an array' } }
  return { entries: (b.entry as unknown[] | undefined) ?? [] }
}
