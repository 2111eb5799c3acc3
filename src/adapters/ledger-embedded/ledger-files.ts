import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The two append-only files of an embedded ledger: one canonical-JSON line per entry and per signed block. */
export function ledgerPaths (dir: string): { entries: string, blocks: string } {
  return { entries: join(dir, 'entries.ndjson'), blocks: join(dir, 'blocks.ndjson') }
}

export interface LineFile {
  bytes: Buffer
  /** Byte offset of each complete line; line i spans [starts[i], ends[i]) without its newline. */
  starts: number[]
  ends: number[]
  /** Length of the complete part; a torn (unterminated) tail after it was never acknowledged. */
  completeLength: number
}

/** Reads a line file; a missing file is empty. */
export function readLineFile (path: string): LineFile {
  const bytes = existsSync(path) ? readFileSync(path) : Buffer.alloc(0)
  const starts: number[] = []
  const ends: number[] = []
  let start = 0
  for (let nl = bytes.indexOf(10, start); nl !== -1; nl = bytes.indexOf(10, start)) {
    starts.push(start)
    ends.push(nl)
    start = nl + 1
  }
  return { bytes, starts, ends, completeLength: start }
}

/**
 * Cuts a torn tail left by a crash in the middle of a write. Appends only acknowledge after the whole
 * line is written, so the tail was never acknowledged and dropping it loses nothing.
 */
export function truncateTornTail (path: string, file: LineFile): boolean {
  if (file.completeLength === file.bytes.length) return false
  const fd = openSync(path, 'r+')
  try { ftruncateSync(fd, file.completeLength) } finally { closeSync(fd) }
  return true
}

/** Cuts `path` back to `length` bytes when it is longer (a torn tail after the last complete line). */
export function truncateTo (path: string, length: number): boolean {
  if (!existsSync(path)) return false
  const fd = openSync(path, 'r+')
  try {
    if (fstatSync(fd).size <= length) return false
    ftruncateSync(fd, length)
    return true
  } finally { closeSync(fd) }
}
