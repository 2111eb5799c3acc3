import pg from 'pg'
import { canonicalJson } from '../../core/canonical-json.ts'
import { makeError } from '../../core/errors.ts'
import { fromHex, leafHash, toHex } from '../../core/merkle/index.ts'
import { signCheckpoint } from '../../core/tlog/checkpoint.ts'
import type { NoteSigner } from '../../core/tlog/checkpoint.ts'
import { TileBuilder } from '../../core/tlog/tile-hashes.ts'
import type { TileWrite } from '../../core/tlog/tile-hashes.ts'
import type { LedgerBlock, LedgerEntry } from '../../ports/ledger.ts'
import { ensureLedgerSchema } from './schema.ts'

/** What a ledger to migrate must offer (an EmbeddedLedger does). */
export interface MigrationSource {
  size(): number
  blocks(): readonly LedgerBlock[]
  entries(from?: number, to?: number): Iterable<{ index: number, entry: LedgerEntry }>
}

export interface MigrationReport { entries: number, blocks: number }

const encoder = new TextEncoder()

/**
 * Copies a ledger into an empty PostgreSQL ledger in one transaction: every entry at its index (the same
 * canonical bytes, so the same leaves), tiles rebuilt from them, every block copied verbatim (its
 * secp256k1 signature stays valid) after checking that the rebuilt tree has the block's root at its size,
 * and a checkpoint note per block when `noteSigner` is given. Entries after the last block are copied and
 * integrated; the next integrator seals them.
 * @throws MedledgerError CONFLICT when the target already holds entries; LEDGER_CORRUPT when a block's
 *   root differs from the tree rebuilt from the entries (nothing is written)
 */
export async function migrateToPostgres (source: MigrationSource, options: { url: string, noteSigner?: NoteSigner, origin?: string, onProgress?: (done: number, total: number) => void }): Promise<MigrationReport> {
  const pool = new pg.Pool({ connectionString: options.url, max: 1 })
  try {
    await ensureLedgerSchema(pool)
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const next = Number((await client.query<{ next: string }>('SELECT next FROM ledger_sequence WHERE id = 1 FOR UPDATE')).rows[0]!.next)
      if (next !== 0) throw makeError('the target ledger is not empty', 'CONFLICT', { entries: next })
      const total = source.size()
      const blocks = source.blocks()
      const builder = new TileBuilder()
      let b = 0
      const CHUNK = 2000
      for (let lo = 0; lo < total; lo += CHUNK) {
        const hi = Math.min(total, lo + CHUNK)
        const rows: Buffer[] = []
        const writes = new Map<string, TileWrite>()
        for (const { entry } of source.entries(lo, hi)) {
          const bytes = encoder.encode(canonicalJson(entry))
          rows.push(Buffer.from(bytes))
          for (const w of builder.append([leafHash(bytes)])) writes.set(`${w.level}/${w.index}`, w)
          for (; b < blocks.length && blocks[b]!.treeSize === builder.size; b++) {
            const block = blocks[b]!
            if (toHex(builder.root()) !== block.root) throw makeError(`block ${block.height}: root does not match the entries`, 'LEDGER_CORRUPT', { where: `block ${block.height}` })
            const note = options.noteSigner === undefined ? null : signCheckpoint({ origin: options.origin ?? options.noteSigner.name, size: block.treeSize, root: fromHex(block.root) }, options.noteSigner)
            await client.query('INSERT INTO ledger_blocks (height, tree_size, block, checkpoint) VALUES ($1, $2, $3, $4)', [block.height, block.treeSize, block, note])
          }
        }
        await client.query('INSERT INTO ledger_entries (idx, data) SELECT * FROM unnest($1::bigint[], $2::bytea[])', [rows.map((_, i) => lo + i), rows])
        const ws = [...writes.values()]
        await client.query(`INSERT INTO ledger_tiles (level, idx, hashes) SELECT * FROM unnest($1::int[], $2::bigint[], $3::bytea[])
          ON CONFLICT (level, idx) DO UPDATE SET hashes = EXCLUDED.hashes`, [ws.map((w) => w.level), ws.map((w) => w.index), ws.map((w) => Buffer.from(w.hashes))])
        options.onProgress?.(hi, total)
      }
      if (b !== blocks.length) throw makeError('a block lies beyond the entries', 'LEDGER_CORRUPT', { where: `block ${b}` })
      await client.query('UPDATE ledger_sequence SET next = $1 WHERE id = 1', [total])
      await client.query('UPDATE ledger_tree SET size = $1 WHERE id = 1', [total])
      await client.query('COMMIT')
      return { entries: total, blocks: blocks.length }
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      client.release()
    }
  } finally {
    await pool.end()
  }
}
