/**
 * Hash tiles (C2SP tlog-tiles) as the store of a Merkle tree: a tile holds the level-8·L hashes, and
 * the seven levels between are rehashed from it when a tile is first read (255 hashes at most), then kept
 * in a bounded cache. {@link TileBuilder} extends the tree leaf by leaf and says which tiles changed;
 * {@link TileCache} answers {@link NodeReader} calls from fetched tiles. Pure: no I/O.
 */
import { makeError } from '../errors.ts'
import { HASH_LENGTH, nodeHash } from '../merkle/hasher.ts'
import { TILE_HEIGHT, TILE_WIDTH, levelWidth } from './layout.ts'
import { storedRoot } from './stored-proofs.ts'
import type { NodeReader } from './stored-proofs.ts'

/** A tile that must be read: at least `width` hashes of tile (level, index). */
export interface TileRequest { level: number, index: number, width: number }

/** A tile whose content changed: `hashes` is its whole content (width·32 bytes); hashes before `from` were already stored. */
export interface TileWrite { level: number, index: number, width: number, from: number, hashes: Uint8Array }

/** rows[s] holds the packed hashes of tree level 8·L + s inside one tile (row 0 = the tile itself). */
type Expanded = Uint8Array[]

function expand (hashes: Uint8Array): Expanded {
  const rows: Expanded = [hashes]
  for (let s = 1; s <= TILE_HEIGHT; s++) {
    const below = rows[s - 1]!
    const count = Math.floor(below.length / HASH_LENGTH / 2)
    const row = new Uint8Array(count * HASH_LENGTH)
    for (let j = 0; j < count; j++) {
      const o = 2 * j * HASH_LENGTH
      row.set(nodeHash(below.subarray(o, o + HASH_LENGTH), below.subarray(o + HASH_LENGTH, o + 2 * HASH_LENGTH)), j * HASH_LENGTH)
    }
    rows.push(row)
  }
  return rows
}

/** Where node (level, index) lives: tile (L, N), sublevel s, position j in that sublevel's row. */
function locate (level: number, index: number): { L: number, N: number, s: number, j: number, width: number } {
  const L = Math.floor(level / TILE_HEIGHT)
  const s = level - L * TILE_HEIGHT
  const perTile = TILE_WIDTH >> s
  const N = Math.floor(index / perTile)
  const j = index - N * perTile
  return { L, N, s, j, width: (j + 1) << s }
}

/** The tiles (with the width needed from each) that hold the given nodes. */
export function tilesForNodes (nodes: ReadonlyArray<readonly [number, number]>): TileRequest[] {
  const byKey = new Map<string, TileRequest>()
  for (const [level, index] of nodes) {
    const { L, N, width } = locate(level, index)
    const key = `${L}/${N}`
    const had = byKey.get(key)
    if (had === undefined) byKey.set(key, { level: L, index: N, width })
    else had.width = Math.max(had.width, width)
  }
  return [...byKey.values()]
}

function nodeIn (rows: Expanded, s: number, j: number): Uint8Array | undefined {
  const row = rows[s]!
  const o = j * HASH_LENGTH
  return o + HASH_LENGTH <= row.length ? row.subarray(o, o + HASH_LENGTH) : undefined
}

/** What {@link TileCache.attempt} returns when a tile it needs is not cached. */
export const MISSING: unique symbol = Symbol('tile missing')

const tileKey = (level: number, index: number): number => index * 64 + level

/**
 * A bounded cache of expanded tiles (evicting the oldest insertion). Tiles only grow (a hash once written
 * never changes), so a cached partial tile stays right for every node inside its width.
 */
export class TileCache {
  readonly #tiles = new Map<number, Expanded>()
  readonly #capacity: number

  /** @throws RangeError unless capacity is a positive integer */
  constructor (capacity = 1024) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError('tile cache capacity must be a positive integer')
    this.#capacity = capacity
  }

  /** The requests this cache cannot answer yet. */
  missing (requests: readonly TileRequest[]): TileRequest[] {
    return requests.filter((r) => (this.#tiles.get(tileKey(r.level, r.index))?.[0]!.length ?? 0) < r.width * HASH_LENGTH)
  }

  /** Stores a tile's hashes (width·32 bytes; the cache keeps them, do not mutate). */
  put (level: number, index: number, hashes: Uint8Array): void {
    const key = tileKey(level, index)
    const had = this.#tiles.get(key)
    if (had !== undefined && had[0]!.length >= hashes.length) return
    this.#tiles.delete(key)
    this.#tiles.set(key, expand(hashes))
    if (this.#tiles.size > this.#capacity) this.#tiles.delete(this.#tiles.keys().next().value!)
  }

  #find (level: number, index: number): Uint8Array | undefined {
    // locate() without the object: this runs for every node of every proof
    const L = (level / TILE_HEIGHT) | 0
    const s = level - L * TILE_HEIGHT
    const perTile = TILE_WIDTH >> s
    const N = Math.floor(index / perTile)
    const rows = this.#tiles.get(N * 64 + L)
    if (rows === undefined) return undefined
    const row = rows[s]!
    const o = (index - N * perTile) * HASH_LENGTH
    return o + HASH_LENGTH <= row.length ? row.subarray(o, o + HASH_LENGTH) : undefined
  }

  /**
   * Reads node (level, index) from a cached tile.
   * @throws MedledgerError LEDGER_CORRUPT when its tile was not fetched (or is too narrow)
   */
  readonly nodeAt: NodeReader = (level, index) => {
    const hash = this.#find(level, index)
    if (hash === undefined) throw makeError('a tile the proof needs is missing', 'LEDGER_CORRUPT', { level, index })
    return hash
  }

  /** Runs `compute` on cached tiles alone: its result, or {@link MISSING} when a tile it needs is not here. */
  attempt<T> (compute: (read: NodeReader) => T): T | typeof MISSING {
    const miss = new Error('tile not cached')
    try {
      return compute((level, index) => {
        const hash = this.#find(level, index)
        if (hash === undefined) throw miss
        return hash
      })
    } catch (err) {
      if (err === miss) return MISSING
      throw err
    }
  }
}

/**
 * Extends a tree held as tiles. It keeps only the right edge — the one partial tile of each level, at most
 * 255 hashes apiece — so memory is flat however long the log grows; everything else is in storage.
 */
export class TileBuilder {
  #size: number
  /** partial[L]: hashes of the last, unfinished tile at level L (capacity 256 hashes), count = levelWidth % 256. */
  readonly #partial: Array<{ bytes: Uint8Array, count: number }> = []

  /**
   * Resumes a tree of `size` leaves from the content of its partial tiles (`partials[L]` = tile
   * (L, floor(levelWidth/256)), exactly levelWidth % 256 hashes; missing or empty for width 0).
   * @throws MedledgerError LEDGER_CORRUPT when a partial tile has the wrong width
   */
  constructor (size = 0, partials: ReadonlyArray<Uint8Array | undefined> = []) {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError('size must be a non-negative integer')
    this.#size = size
    for (let L = 0; levelWidth(size, L) > 0 || L === 0; L++) {
      const count = levelWidth(size, L) % TILE_WIDTH
      const given = partials[L] ?? new Uint8Array(0)
      if (given.length !== count * HASH_LENGTH) throw makeError('partial tile has the wrong width', 'LEDGER_CORRUPT', { level: L })
      const bytes = new Uint8Array(TILE_WIDTH * HASH_LENGTH)
      bytes.set(given)
      this.#partial.push({ bytes, count })
    }
  }

  /** The partial tiles a {@link TileBuilder} needs to resume at `size`: [level, index, width] for each nonzero width. */
  static edgeTiles (size: number): TileRequest[] {
    const out: TileRequest[] = []
    for (let L = 0; levelWidth(size, L) > 0; L++) {
      const w = levelWidth(size, L)
      if (w % TILE_WIDTH > 0) out.push({ level: L, index: Math.floor(w / TILE_WIDTH), width: w % TILE_WIDTH })
    }
    return out
  }

  get size (): number { return this.#size }

  /** Appends leaf hashes (already RFC 9162 leaf hashes) and returns every tile they changed, each once. */
  append (leafHashes: readonly Uint8Array[]): TileWrite[] {
    for (const leaf of leafHashes) if (leaf?.length !== HASH_LENGTH) throw makeError('leaf hash must be 32 bytes', 'BAD_INPUT')
    const out: TileWrite[] = []
    // from[L]: where this call started writing into level L's current tile (undefined: not touched yet)
    const from: Array<number | undefined> = []
    for (const leaf of leafHashes) {
      let hash = leaf
      this.#size++
      for (let L = 0; ; L++) {
        if (this.#partial[L] === undefined) this.#partial.push({ bytes: new Uint8Array(TILE_WIDTH * HASH_LENGTH), count: 0 })
        const p = this.#partial[L]!
        from[L] ??= p.count
        p.bytes.set(hash, p.count * HASH_LENGTH)
        p.count = (p.count + 1) % TILE_WIDTH
        if (p.count !== 0) break
        // the tile is full: hand it out now (its buffer is reused for the next tile) and carry its root up
        const index = Math.floor(levelWidth(this.#size, L) / TILE_WIDTH) - 1
        out.push({ level: L, index, width: TILE_WIDTH, from: from[L]!, hashes: p.bytes.slice() })
        from[L] = undefined
        hash = expand(p.bytes)[TILE_HEIGHT]!.slice(0, HASH_LENGTH) // one level-8·(L+1) hash
      }
    }
    from.forEach((start, L) => {
      const p = this.#partial[L]!
      if (start === undefined || p.count === start) return
      out.push({ level: L, index: Math.floor(levelWidth(this.#size, L) / TILE_WIDTH), width: p.count, from: start, hashes: p.bytes.slice(0, p.count * HASH_LENGTH) })
    })
    return out
  }

  /** MTH of the whole tree (RFC 9162 §2.1.1), from the partial tiles alone. */
  root (): Uint8Array {
    const expanded = this.#partial.map((p) => expand(p.bytes.subarray(0, p.count * HASH_LENGTH)))
    const read: NodeReader = (level, index) => {
      const L = Math.floor(level / TILE_HEIGHT)
      const s = level - L * TILE_HEIGHT
      const base = Math.floor(levelWidth(this.#size, L) / TILE_WIDTH) * (TILE_WIDTH >> s)
      const hash = nodeIn(expanded[L]!, s, index - base)
      if (hash === undefined || index < base) throw makeError('right-edge node outside the partial tiles', 'LEDGER_CORRUPT', { level, index })
      return hash
    }
    return storedRoot(read, this.#size)
  }
}
