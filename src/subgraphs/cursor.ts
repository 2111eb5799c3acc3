import { makeError } from '../core/errors.ts'

/**
 * Opaque connection cursors: base64url of `<tag>:<number>`, so a client cannot mistake one for an id, and a
 * cursor from another list (another tag) is refused.
 */
export function numberCursor (tag: string, n: number): string {
  return Buffer.from(`${tag}:${n}`).toString('base64url')
}

/**
 * The number a {@link numberCursor} with `tag` stands for.
 * @throws MedledgerError BAD_INPUT for a cursor of another tag or not made here
 */
export function cursorNumber (tag: string, cursor: string, what: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const match = /^([a-z]+):(\d{1,15})$/.exec(text)
  if (match === null || match[1] !== tag) throw makeError(`not a ${what} cursor`, 'BAD_INPUT')
  return Number(match[2])
}
