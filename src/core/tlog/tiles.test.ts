import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { MerkleTree, leafHash, toHex } from '../merkle/index.ts'
import { decodeEntryBundle, encodeEntryBundle, parseTilePath, tilePath, tileWidth } from './layout.ts'
import { nodesNeeded, storedConsistencyProof, storedInclusionProof, storedRoot } from './stored-proofs.ts'
import { TileBuilder, TileCache, tilesForNodes } from './tile-hashes.ts'
import type { TileWrite } from './tile-hashes.ts'

const leaf = (i: number): Uint8Array => leafHash(new TextEncoder().encode(`entry ${i}`))

/** A tree grown through TileBuilder in batches, its tiles kept in a map as a store would keep them. */
function grow (n: number, batch: number): { tiles: Map<string, Uint8Array>, builder: TileBuilder, tree: MerkleTree } {
  const tiles = new Map<string, Uint8Array>()
  const builder = new TileBuilder()
  const tree = new MerkleTree()
  for (let i = 0; i < n; i += batch) {
    const hashes = Array.from({ length: Math.min(batch, n - i) }, (_, k) => leaf(i + k))
    for (const w of builder.append(hashes)) tiles.set(`${w.level}/${w.index}`, w.hashes)
    tree.appendMany(hashes)
  }
  return { tiles, builder, tree }
}

function readerFor (tiles: Map<string, Uint8Array>, compute: Parameters<typeof nodesNeeded>[0]): TileCache {
  const cache = new TileCache(4)
  for (const r of tilesForNodes(nodesNeeded(compute))) {
    const t = tiles.get(`${r.level}/${r.index}`)!
    expect(t.length / 32).toBeGreaterThanOrEqual(r.width)
    cache.put(r.level, r.index, t)
  }
  return cache
}

describe('tlog tiles layout', () => {
  it('names tiles as C2SP tlog-tiles does', () => {
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067')
    expect(tilePath({ level: 0, index: 5, width: 256 })).toBe('tile/0/005')
    expect(tilePath({ level: 2, index: 1000, width: 7 })).toBe('tile/2/x001/000.p/7')
    expect(tilePath({ level: 'entries', index: 0, width: 1 })).toBe('tile/entries/000.p/1')
    expect(parseTilePath('tile/0/x001/x234/067')).toEqual({ level: 0, index: 1234067, width: 256 })
    expect(parseTilePath('1/000.p/255')).toEqual({ level: 1, index: 0, width: 255 })
    for (const bad of ['0/5', '0/x000/005', '0/005.p/256', '0/005.p/0', '0/005.p/010', 'x/005', '0/1234']) {
      expect(() => parseTilePath(bad), bad).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }))
    }
    expect(tileWidth(70_000, 0, 273)).toBe(112)
    expect(tileWidth(70_000, 1, 0)).toBe(256)
    expect(tileWidth(70_000, 1, 1)).toBe(17)
    expect(tileWidth(70_000, 1, 2)).toBe(0)
  })

  it('round-trips entry bundles and rejects truncation', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (entries) => {
      expect(decodeEntryBundle(encodeEntryBundle(entries)).map((e) => [...e])).toEqual(entries.map((e) => [...e]))
    }))
    expect(() => decodeEntryBundle(Uint8Array.of(0, 5, 1))).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }))
    expect(() => encodeEntryBundle([new Uint8Array(70_000)])).toThrow(RangeError)
  })
})

describe('proofs from tiles equal the in-memory tree', () => {
  it('roots, inclusion and consistency for sizes across tile boundaries', () => {
    const { tiles, builder, tree } = grow(66_000, 997)
    expect(toHex(builder.root())).toBe(toHex(tree.root()))
    const sizes = [1, 2, 255, 256, 257, 511, 512, 65_535, 65_536, 65_537, 66_000]
    for (const size of sizes) {
      const root = (read: Parameters<typeof storedRoot>[0]): Uint8Array => storedRoot(read, size)
      expect(toHex(root(readerFor(tiles, root).nodeAt)), `root ${size}`).toBe(toHex(tree.root(size)))
      for (const index of [0, size - 1, Math.floor(size / 2)]) {
        const prove = (read: Parameters<typeof storedRoot>[0]): Uint8Array[] => storedInclusionProof(read, index, size)
        expect(prove(readerFor(tiles, prove).nodeAt).map(toHex)).toEqual(tree.inclusionProof(index, size).map(toHex))
      }
      for (const from of sizes.filter((s) => s <= size)) {
        const prove = (read: Parameters<typeof storedRoot>[0]): Uint8Array[] => storedConsistencyProof(read, from, size)
        expect(prove(readerFor(tiles, prove).nodeAt).map(toHex)).toEqual(tree.consistencyProof(from, size).map(toHex))
      }
    }
  })

  it('a builder resumed from its edge tiles continues the same tree', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), (n, batch, more) => {
      const { tiles, tree } = grow(n, batch)
      const edge = TileBuilder.edgeTiles(n)
      const partials: Uint8Array[] = []
      for (const t of edge) partials[t.level] = tiles.get(`${t.level}/${t.index}`)!.slice(0, t.width * 32)
      const resumed = new TileBuilder(n, partials)
      const extra = Array.from({ length: more }, (_, k) => leaf(n + k))
      const writes: TileWrite[] = resumed.append(extra)
      tree.appendMany(extra)
      expect(toHex(resumed.root())).toBe(toHex(tree.root()))
      for (const w of writes) expect(w.from).toBeLessThan(w.width)
    }), { numRuns: 40 })
  })

  it('a missing tile is reported, not guessed', () => {
    const cache = new TileCache(2)
    expect(() => cache.nodeAt(0, 3)).toThrow(expect.objectContaining({ code: 'LEDGER_CORRUPT' }))
    expect(() => new TileBuilder(300, [])).toThrow(expect.objectContaining({ code: 'LEDGER_CORRUPT' }))
  })
})

describe('proofs from tiles against the published RFC 6962 vectors', async () => {
  const { consistencyCases, inclusionCases, leaves, roots } = await import('../../../test/vectors/rfc6962/vectors.ts')
  const tiles = new Map<string, Uint8Array>()
  const builder = new TileBuilder()
  const rootsSeen: string[] = [toHex(builder.root())]
  for (const l of leaves) {
    for (const w of builder.append([leafHash(l)])) tiles.set(`${w.level}/${w.index}`, w.hashes)
    rootsSeen.push(toHex(builder.root()))
  }
  it('has the published root at every size, from the builder and from the tiles', () => {
    expect(rootsSeen).toEqual(roots.map(toHex))
    roots.forEach((root, n) => {
      const compute = (read: Parameters<typeof storedRoot>[0]): Uint8Array => storedRoot(read, n)
      expect(toHex(compute(readerFor(tiles, compute).nodeAt))).toBe(toHex(root))
    })
  })
  it.each(inclusionCases)('inclusion ($index, $treeSize) is the published PATH', ({ index, treeSize, proof }) => {
    const compute = (read: Parameters<typeof storedRoot>[0]): Uint8Array[] => storedInclusionProof(read, index, treeSize)
    expect(compute(readerFor(tiles, compute).nodeAt).map(toHex)).toEqual(proof.map(toHex))
  })
  it.each(consistencyCases)('consistency ($fromSize, $toSize) is the published PROOF', ({ fromSize, toSize, proof }) => {
    const compute = (read: Parameters<typeof storedRoot>[0]): Uint8Array[] => storedConsistencyProof(read, fromSize, toSize)
    expect(compute(readerFor(tiles, compute).nodeAt).map(toHex)).toEqual(proof.map(toHex))
  })
})
