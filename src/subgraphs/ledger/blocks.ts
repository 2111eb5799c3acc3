import type DataLoader from 'dataloader'
import type { SubgraphContext } from '../context.ts'
import { loader } from '../loaders.ts'
import { cursorNumber, numberCursor } from '../cursor.ts'
import type { LedgerBlockRow } from './model.ts'

/** Blocks by height (null for a height not sealed yet): DataLoader 'ledger.blocks', one ledger read per batch. */
export function blocksByHeight (ctx: SubgraphContext): DataLoader<number, LedgerBlockRow | null> {
  return loader<number, LedgerBlockRow | null>(ctx, 'ledger.blocks', async (heights) => {
    const blocks = ctx.services.ledger.blocks()
    return heights.map((h) => blocks[h] ?? null)
  })
}

/** An opaque cursor standing for a block height. */
export function heightCursor (height: number): string {
  return numberCursor('h', height)
}

/** The height a {@link heightCursor} stands for. @throws MedledgerError BAD_INPUT for a foreign cursor */
export function cursorHeight (cursor: string): number {
  return cursorNumber('h', cursor, 'ledger')
}

/**
 * The blocks below `before` (exclusive; all when undefined), newest first, at most `first`.
 * @returns the page and whether older blocks remain
 */
export function pageNewestFirst (blocks: readonly LedgerBlockRow[], first: number, before?: number): { nodes: LedgerBlockRow[], hasNextPage: boolean } {
  const top = Math.min(before ?? blocks.length, blocks.length) - 1
  const nodes: LedgerBlockRow[] = []
  for (let h = top; h >= 0 && nodes.length < first; h--) nodes.push(blocks[h]!)
  // Older blocks remain when the lowest height served (or, for an empty page, the next one down) is above 0.
  return { nodes, hasNextPage: (nodes[nodes.length - 1]?.height ?? top + 1) > 0 }
}
