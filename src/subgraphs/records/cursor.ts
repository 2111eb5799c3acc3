import { cursorNumber, numberCursor } from '../cursor.ts'

/** An opaque connection cursor for a position in a list of records. */
export function offsetCursor (offset: number): string {
  return numberCursor('o', offset)
}

/** The offset an {@link offsetCursor} stands for. @throws MedledgerError BAD_INPUT for a foreign cursor */
export function cursorOffset (cursor: string): number {
  return cursorNumber('o', cursor, 'records')
}
