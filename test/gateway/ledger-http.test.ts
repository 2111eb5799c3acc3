/**
 * The ledger's transparency-log routes on the gateway, read by an independent tlog-tiles client written here
 * from the C2SP specs (signed-note, tlog-checkpoint, tlog-tiles) — none of the adapter's tile or note code.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import type { Viewer } from '../../src/subgraphs/context.ts'
import { tempDir } from '../support/data.ts'

// ---- an independent reader, from the specs ----------------------------------------------------------

/** tlog-tiles: N in 3-digit groups, all but the last prefixed with x; `.p/<W>` for a partial tile. */
function specTilePath (level: number | 'entries', n: number, width: number): string {
  let digits = String(n)
  while (digits.length % 3 !== 0) digits = '0' + digits
  const groups = digits.match(/.{3}/g)!
  const path = groups.map((g, i) => (i < groups.length - 1 ? 'x' : '') + g).join('/')
  return `tile/${level}/${path}${width < 256 ? `.p/${width}` : ''}`
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.length }
  return out
}
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/** RFC 6962 §2.1 MTH, straight from the definition. */
function mth (leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array(0))
  if (leaves.length === 1) return leaves[0]!
  let k = 1
  while (k * 2 < leaves.length) k *= 2
  return sha256(concat(Uint8Array.of(1), mth(leaves.slice(0, k)), mth(leaves.slice(k))))
}

/** signed-note + tlog-checkpoint: checks the Ed25519 line by `vkey` and returns [origin, size, root]. */
function readCheckpoint (note: string, vkey: string): { origin: string, size: number, root: Uint8Array } {
  // name+hash+key, where the base64 key may itself contain '+'
  const [name, keyHash, ...keyParts] = vkey.trim().split('+') as [string, string, ...string[]]
  const key = keyParts.join('+')
  const keyBytes = Buffer.from(key, 'base64')
  expect(keyBytes[0]).toBe(1) // Ed25519
  expect(hex(sha256(concat(Buffer.from(name), Uint8Array.of(0x0a), keyBytes)).slice(0, 4))).toBe(keyHash)
  const [text, sigs] = note.split('\n\n') as [string, string]
  const line = sigs.split('\n').find((l) => l.startsWith(`\u2014 ${name} `))!
  const sig = Buffer.from(line.split(' ')[2]!, 'base64')
  expect(hex(sig.subarray(0, 4))).toBe(keyHash)
  expect(ed25519.verify(sig.subarray(4), Buffer.from(text + '\n'), keyBytes.subarray(1))).toBe(true)
  const [origin, size, root] = text.split('\n') as [string, string, string]
  return { origin, size: Number(size), root: Buffer.from(root, 'base64') }
}

// ------------------------------------------------------------------------------------------------------

const auditor: Viewer = { kind: 'account', accountId: 'acct-aud', address: '0x' + '0'.repeat(40), roles: ['AUDITOR'], organizationIds: [], verifiedOrganizationIds: [] }
const doctor: Viewer = { kind: 'account', accountId: 'acct-doc', address: '0x' + '1'.repeat(40), roles: ['PRACTITIONER'], organizationIds: [], verifiedOrganizationIds: [] }

describe('GET /ledger/checkpoint and /ledger/tile/… (C2SP tlog-tiles)', () => {
  const tmp = tempDir('medledger-tlog-')
  let services: Awaited<ReturnType<typeof openServices>>
  let gw: RunningServer
  const get = async (path: string, token?: string): Promise<Response> =>
    await fetch(new URL(path, gw.url), { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })
  const bytes = async (r: Response): Promise<Uint8Array> => new Uint8Array(await r.arrayBuffer())

  beforeAll(async () => {
    services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 0, fsync: false })
    const resolveViewer = async (_s: unknown, authorization: string | undefined): Promise<Viewer> =>
      authorization === 'Bearer auditor' ? auditor : authorization === 'Bearer doctor' ? doctor : { kind: 'anonymous' }
    gw = await createGateway({ services, port: 0, resolveViewer, rateLimits: false })
    const ledger = services.data!.ledger
    const base = ledger.size()
    const entries = Array.from({ length: 700 - base }, (_, i) => ({ type: 'TestEntry', n: i, time: 1_700_000_000_000 + i }))
    await ledger.append(entries.slice(0, 600 - base))
    await ledger.seal()
    await ledger.append(entries.slice(600 - base)) // 100 more, not in a checkpoint yet
  })
  afterAll(async () => {
    await gw.stop()
    await services.close()
    tmp.cleanup()
  })

  it('serves a signed checkpoint whose root a spec reader rebuilds from public hash tiles', async () => {
    const vkey = await (await get('/ledger/key')).text()
    const r = await get('/ledger/checkpoint')
    expect(r.status).toBe(200)
    expect(r.headers.get('cache-control')).toBe('no-cache')
    const cp = readCheckpoint(await r.text(), vkey)
    expect(cp.size).toBe(600)
    expect(cp.origin).toBe(vkey.split('+')[0])
    expect((await get('/ledger/checkpoint')).headers.get('content-type')).toBe('text/plain; charset=utf-8')

    const leaves: Uint8Array[] = []
    for (let n = 0; n * 256 < cp.size; n++) {
      const width = Math.min(256, cp.size - n * 256)
      const t = await get('/ledger/' + specTilePath(0, n, width))
      expect(t.status).toBe(200)
      expect(t.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      const tile = await bytes(t)
      expect(tile.length).toBe(32 * width)
      for (let j = 0; j < width; j++) leaves.push(tile.subarray(32 * j, 32 * j + 32))
    }
    expect(hex(mth(leaves))).toBe(hex(cp.root))
    // level 1: each hash is the root of one full level-0 tile
    const level1 = await bytes(await get('/ledger/' + specTilePath(1, 0, 2)))
    expect(hex(level1.subarray(0, 32))).toBe(hex(mth(leaves.slice(0, 256))))
    expect(hex(level1.subarray(32, 64))).toBe(hex(mth(leaves.slice(256, 512))))
    // a tile the tree does not hold yet, and paths that are not tiles
    expect((await get('/ledger/' + specTilePath(0, 3, 1))).status).toBe(404)
    expect((await get('/ledger/tile/0/3')).status).toBe(404)
    expect((await get('/ledger/tile/0/000.p/256')).status).toBe(404)
  })

  it('serves entry bundles to auditors only, and their entries hash to the tile leaves', async () => {
    const path = '/ledger/' + specTilePath('entries', 0, 256)
    expect((await get(path)).status).toBe(401)
    expect((await get(path, 'doctor')).status).toBe(403)
    const r = await get(path, 'auditor')
    expect(r.status).toBe(200)
    expect(r.headers.get('cache-control')).toBe('private, max-age=31536000, immutable')
    const bundle = await bytes(r)
    const tile = await bytes(await get('/ledger/' + specTilePath(0, 0, 256)))
    let at = 0
    for (let j = 0; j < 256; j++) {
      const len = (bundle[at]! << 8) | bundle[at + 1]!
      const entry = bundle.subarray(at + 2, at + 2 + len)
      expect(hex(sha256(concat(Uint8Array.of(0), entry)))).toBe(hex(tile.subarray(32 * j, 32 * j + 32)))
      at += 2 + len
    }
    expect(at).toBe(bundle.length)
    expect((await get('/ledger/' + specTilePath('entries', 2, 189), 'auditor')).status).toBe(404)
  })
})
