import { closeSync, existsSync, openSync, readSync } from 'node:fs'

const CHUNK = 4 * 1024 * 1024

/**
 * Streams the lines of an entries file in chunks (memory flat in the file's length): `onLine(bytes, start, end)`
 * for every complete line. Returns the length of the complete part; bytes after it are a torn tail.
 */
export function scanLines (path: string, onLine: (line: Uint8Array, start: number, end: number) => void): number {
  if (!existsSync(path)) return 0
  const fd = openSync(path, 'r')
  try {
    let buf = Buffer.allocUnsafe(CHUNK)
    let carry = 0 // bytes at buf[0..carry) belong to a line started in an earlier chunk
    let base = 0 // file offset of buf[0]
    for (;;) {
      if (carry === buf.length) { // one line longer than the buffer: grow it
        const grown = Buffer.allocUnsafe(buf.length * 2)
        buf.copy(grown, 0, 0, carry)
        buf = grown
      }
      const n = readSync(fd, buf, carry, buf.length - carry, base + carry)
      if (n === 0) return base
      const filled = carry + n
      let start = 0
      for (let nl = buf.indexOf(10, start); nl !== -1 && nl < filled; nl = buf.indexOf(10, start)) {
        onLine(buf.subarray(start, nl), base + start, base + nl)
        start = nl + 1
      }
      buf.copy(buf, 0, start, filled)
      carry = filled - start
      base += start
    }
  } finally {
    closeSync(fd)
  }
}
