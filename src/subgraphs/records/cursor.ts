import { makeError } from '../../core/errors.ts'

/** An opaque connection cursor for a position in a list (base64url of `o:<offset>`). */
export function offsetCursor (offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url')
}

/**
 * The offset an {@link offsetCursor} stands for.
 * @throws MedledgerError BAD_INPUT for a cursor this subgraph did not make
 */
export function cursorOffset (cursor: string): number {
  const match = /^o:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (match === null) throw makeError('not a records cursor', 'BAD_INPUT')
  return Number(match[1])
}
