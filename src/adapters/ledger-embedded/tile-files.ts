import { closeSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { makeError } from '../../core/errors.ts'
import { TILE_WIDTH } from '../../core/tlog/layout.ts'
import type { TileWrite } from '../../core/tlog/tile-hashes.ts'

const HASH = 32

/**
 * Where an embedded ledger keeps what it derives from its entries file: the hash tiles of each tile level
 * and the end offset of every entry line. Both are rebuilt from the entries file on open, so they need no
 * fsync: the entries file alone is the durable record.
 */
export interface DerivedStore {
  writeTile(write: TileWrite): void
  /** The first `width` hashes of tile (level, index). */
  readTile(level: number, index: number, width: number): Uint8Array
  /** Records where entries `first`, `first`+1, … end (exclusive of their newlines). */
  pushEnds(first: number, ends: readonly number[]): void
  /** [start, end) of entry `index`'s line. */
  span(index: number): [number, number]
  close(): void
}

/**
 * Tiles and offsets in files under `<dir>/tiles`: `<L>.tiles` holds every level-8·L hash at 32·j (tile N is
 * bytes [8192·N, 8192·N + 32·W)), `offsets` holds each entry's line end as 8 bytes little-endian. Memory
 * stays flat: nothing here is cached in the process.
 */
export function fileDerivedStore (dir: string): DerivedStore {
  const root = join(dir, 'tiles')
  mkdirSync(root, { recursive: true })
  const fds = new Map<number, number>()
  const fdFor = (level: number): number => {
    let fd = fds.get(level)
    if (fd === undefined) {
      fd = openSync(join(root, `${level}.tiles`), 'w+')
      fds.set(level, fd)
    }
    return fd
  }
  const offsets = openSync(join(root, 'offsets'), 'w+')
  ftruncateSync(offsets, 0)
  const eight = Buffer.alloc(16)
  const pread = (fd: number, buf: Uint8Array, position: number): void => {
    let read = 0
    while (read < buf.length) {
      const n = readSync(fd, buf, read, buf.length - read, position + read)
      if (n === 0) throw makeError('ledger tile file is shorter than expected', 'LEDGER_CORRUPT')
      read += n
    }
  }
  const pwrite = (fd: number, buf: Uint8Array, position: number): void => {
    let written = 0
    while (written < buf.length) written += writeSync(fd, buf, written, buf.length - written, position + written)
  }
  return {
    writeTile (w) {
      pwrite(fdFor(w.level), w.hashes.subarray(w.from * HASH), (w.index * TILE_WIDTH + w.from) * HASH)
    },
    readTile (level, index, width) {
      const buf = new Uint8Array(width * HASH)
      pread(fdFor(level), buf, index * TILE_WIDTH * HASH)
      return buf
    },
    pushEnds (first, ends) {
      const buf = Buffer.allocUnsafe(8 * ends.length)
      for (let i = 0; i < ends.length; i++) buf.writeBigUInt64LE(BigInt(ends[i]!), 8 * i)
      pwrite(offsets, buf, first * 8)
    },
    span (index) {
      if (index === 0) {
        pread(offsets, eight.subarray(8, 16), 0)
        return [0, Number(eight.readBigUInt64LE(8))]
      }
      pread(offsets, eight.subarray(0, 16), (index - 1) * 8)
      return [Number(eight.readBigUInt64LE(0)) + 1, Number(eight.readBigUInt64LE(8))]
    },
    close () {
      for (const fd of fds.values()) closeSync(fd)
      closeSync(offsets)
    }
  }
}

/** The same in memory, for a read-only view that must not write beside the writer. */
export function memoryDerivedStore (): DerivedStore {
  const levels: Array<{ bytes: Uint8Array, length: number }> = []
  let ends = new Float64Array(1024)
  return {
    writeTile (w) {
      const level = levels[w.level] ??= { bytes: new Uint8Array(TILE_WIDTH * HASH), length: 0 }
      const at = w.index * TILE_WIDTH * HASH
      const need = at + w.hashes.length
      if (need > level.bytes.length) {
        const grown = new Uint8Array(Math.max(need, level.bytes.length * 2))
        grown.set(level.bytes.subarray(0, level.length))
        level.bytes = grown
      }
      level.bytes.set(w.hashes, at)
      level.length = Math.max(level.length, need)
    },
    readTile (level, index, width) {
      const at = index * TILE_WIDTH * HASH
      return levels[level]!.bytes.slice(at, at + width * HASH)
    },
    pushEnds (first, more) {
      if (first + more.length > ends.length) {
        const grown = new Float64Array(Math.max(ends.length * 2, first + more.length))
        grown.set(ends)
        ends = grown
      }
      ends.set(more, first)
    },
    span: (index) => [index === 0 ? 0 : ends[index - 1]! + 1, ends[index]!],
    close () {}
  }
}
