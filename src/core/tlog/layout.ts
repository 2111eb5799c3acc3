/**
 * C2SP tlog-tiles layout (https://c2sp.org/tlog-tiles): hash tiles `tile/<L>/<N>[.p/<W>]` and entry bundles
 * `tile/entries/<N>[.p/<W>]`. A tile at level L holds up to 256 hashes of tree level 8·L: hash j of tile N is
 * the node (8·L, 256·N + j), the root of a complete subtree of 256^L leaves. Pure: no I/O.
 */
import { makeError } from '../errors.ts'

/** Hashes per full tile (tlog-tiles: tile height 8). */
export const TILE_WIDTH = 256
/** Tree levels one tile spans. */
export const TILE_HEIGHT = 8

/** One tile as named by a path: `width` is 256 for a full tile, 1..255 for a partial one. */
export interface TileName {
  /** Tile level, or 'entries' for an entry bundle. */
  level: number | 'entries'
  index: number
  width: number
}

/** `N` in groups of three digits, every group but the last prefixed with `x` (tlog-tiles "Paths"). */
export function tileIndexPath (index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError('tile index must be a non-negative integer')
  const digits = String(index)
  const padded = digits.padStart(Math.ceil(digits.length / 3) * 3, '0')
  const groups: string[] = []
  for (let i = 0; i < padded.length; i += 3) groups.push(padded.slice(i, i + 3))
  return groups.map((g, i) => i < groups.length - 1 ? 'x' + g : g).join('/')
}

/** `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`. Throws RangeError for a width outside 1..256. */
export function tilePath (name: TileName): string {
  if (!Number.isSafeInteger(name.width) || name.width < 1 || name.width > TILE_WIDTH) throw new RangeError('tile width must be 1..256')
  const partial = name.width === TILE_WIDTH ? '' : `.p/${name.width}`
  return `tile/${name.level}/${tileIndexPath(name.index)}${partial}`
}

/**
 * Parses a tile path (with or without the leading `tile/`).
 * @throws MedledgerError BAD_INPUT for anything that is not a canonical tile path
 */
export function parseTilePath (path: string): TileName {
  const bad = (): never => { throw makeError('not a tile path', 'BAD_INPUT', {}) }
  const m = /^(?:tile\/)?(entries|[0-9]|[1-5][0-9]|6[0-3])\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/.exec(path)
  if (m === null) return bad()
  const [, level, n, w] = m as unknown as [string, string, string, string | undefined]
  const index = Number(n.replaceAll('x', '').replaceAll('/', ''))
  const width = w === undefined ? TILE_WIDTH : Number(w)
  if (!Number.isSafeInteger(index) || (w !== undefined && width > 255)) return bad()
  const name: TileName = { level: level === 'entries' ? 'entries' : Number(level), index, width }
  if (tilePath(name) !== `tile/${path.replace(/^tile\//, '')}`) return bad() // non-canonical (leading zero groups)
  return name
}

/** Number of hashes at tile level `level` in a tree of `size` leaves (complete level-8·L nodes). */
export function levelWidth (size: number, level: number): number {
  return Math.floor(size / TILE_WIDTH ** level)
}

/**
 * Width of tile (level, index) in a tree of `size` leaves: 256 when full, 0 when it does not exist yet.
 * Entry bundles use level 0.
 */
export function tileWidth (size: number, level: number, index: number): number {
  const w = levelWidth(size, level) - index * TILE_WIDTH
  return Math.max(0, Math.min(TILE_WIDTH, w))
}

/**
 * Entry bundle bytes: each entry as a 2-byte big-endian length then its bytes (tlog-tiles "Log entries").
 * @throws RangeError for an entry longer than 65,535 bytes
 */
export function encodeEntryBundle (entries: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(entries.reduce((n, e) => n + 2 + e.length, 0))
  let at = 0
  for (const e of entries) {
    if (e.length > 0xffff) throw new RangeError('an entry in a bundle must be at most 65535 bytes')
    out[at] = e.length >>> 8
    out[at + 1] = e.length & 0xff
    out.set(e, at + 2)
    at += 2 + e.length
  }
  return out
}

/**
 * Splits an entry bundle back into entries.
 * @throws MedledgerError BAD_INPUT when a length runs past the end
 */
export function decodeEntryBundle (bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = []
  let at = 0
  while (at < bytes.length) {
    if (at + 2 > bytes.length) throw makeError('entry bundle is truncated', 'BAD_INPUT')
    const n = (bytes[at]! << 8) | bytes[at + 1]!
    if (at + 2 + n > bytes.length) throw makeError('entry bundle is truncated', 'BAD_INPUT')
    out.push(bytes.subarray(at + 2, at + 2 + n))
    at += 2 + n
  }
  return out
}
