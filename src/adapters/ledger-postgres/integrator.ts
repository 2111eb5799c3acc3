import type pg from 'pg'
import { GENESIS_PREV_HASH, blockDigest, blockHash } from '../../core/ledger/block.ts'
import { makeError } from '../../core/errors.ts'
import { leafHash, toHex } from '../../core/merkle/index.ts'
import { signCheckpoint } from '../../core/tlog/checkpoint.ts'
import type { NoteSigner } from '../../core/tlog/checkpoint.ts'
import { TileBuilder } from '../../core/tlog/tile-hashes.ts'
import type { Clock } from '../../core/types.ts'
import type { LedgerBlock } from '../../ports/ledger.ts'
import type { LedgerSigner } from '../../ports/keys.ts'
import { fromHex } from '../../core/hex.ts'

export interface IntegrationOptions {
  signer: LedgerSigner
  noteSigner?: NoteSigner
  origin: string
  clock: Clock
  blockMaxEntries: number
  blockIntervalMs: number
}

/** What one integration step did. */
export interface IntegrationStep { integrated: number, size: number, block?: LedgerBlock }

/**
 * Integrates sequenced entries into the tree, one transaction per step, on a client that holds the
 * integrator lease. Idempotent and resumable: each step reads the integrated size under FOR UPDATE,
 * resumes the right edge from the stored partial tiles when it does not hold it, and writes tiles,
 * the new size and (when due) a signed block in the same transaction — a crash anywhere leaves either
 * the step done or nothing, and the next holder continues from the stored size.
 */
export class Integrator {
  #builder: TileBuilder | undefined
  readonly #o: IntegrationOptions

  constructor (options: IntegrationOptions) { this.#o = options }

  /** Forgets the in-memory right edge (after a failed step, or when the lease was lost). */
  reset (): void { this.#builder = undefined }

  /**
   * One step: integrates up to the next block boundary (at most blockMaxEntries past the last block) and
   * seals a block when the boundary is reached, the interval has passed, or `force` is set.
   */
  async step (client: pg.PoolClient | pg.Client, force = false): Promise<IntegrationStep> {
    try {
      await client.query('BEGIN')
      const size = Number((await client.query<{ size: string }>('SELECT size FROM ledger_tree WHERE id = 1 FOR UPDATE')).rows[0]!.size)
      const next = Number((await client.query<{ next: string }>('SELECT next FROM ledger_sequence WHERE id = 1')).rows[0]!.next)
      const lastRow = (await client.query<{ block: LedgerBlock }>('SELECT block FROM ledger_blocks ORDER BY height DESC LIMIT 1')).rows[0]
      const last = lastRow?.block
      const sealed = last?.treeSize ?? 0
      const upTo = Math.min(next, sealed + this.#o.blockMaxEntries)
      const builder = await this.#edge(client, size)
      if (upTo > size) {
        const rows = (await client.query<{ data: Buffer }>('SELECT data FROM ledger_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx', [size, upTo])).rows
        if (rows.length !== upTo - size) throw makeError('sequenced entries are missing', 'LEDGER_CORRUPT', { from: size, to: upTo })
        const writes = builder.append(rows.map((r) => leafHash(r.data)))
        await client.query(`INSERT INTO ledger_tiles (level, idx, hashes) SELECT * FROM unnest($1::int[], $2::bigint[], $3::bytea[])
          ON CONFLICT (level, idx) DO UPDATE SET hashes = EXCLUDED.hashes WHERE length(ledger_tiles.hashes) < length(EXCLUDED.hashes)`,
        [writes.map((w) => w.level), writes.map((w) => w.index), writes.map((w) => Buffer.from(w.hashes))])
        await client.query('UPDATE ledger_tree SET size = $1 WHERE id = 1', [upTo])
      }
      const pending = upTo - sealed
      const now = this.#o.clock.now()
      let block: LedgerBlock | undefined
      if (pending > 0 && (force || pending >= this.#o.blockMaxEntries || now - (last?.time ?? 0) >= this.#o.blockIntervalMs)) {
        block = this.#sign(last, upTo, toHex(builder.root()), now)
        const note = this.#o.noteSigner === undefined ? null : signCheckpoint({ origin: this.#o.origin, size: upTo, root: fromHex(block.root) }, this.#o.noteSigner)
        await client.query('INSERT INTO ledger_blocks (height, tree_size, block, checkpoint) VALUES ($1, $2, $3, $4)', [block.height, block.treeSize, block, note])
      }
      await client.query('COMMIT')
      return { integrated: upTo - size, size: upTo, block }
    } catch (err) {
      this.reset()
      await client.query('ROLLBACK').catch(() => {})
      throw err
    }
  }

  #sign (last: LedgerBlock | undefined, treeSize: number, root: string, now: number): LedgerBlock {
    const header = {
      height: last === undefined ? 0 : last.height + 1,
      prevHash: last === undefined ? GENESIS_PREV_HASH : toHex(blockHash(last)),
      treeSize,
      root,
      time: Math.max(now, last?.time ?? 0),
      signer: this.#o.signer.address
    }
    return { ...header, signature: this.#o.signer.signDigest(blockDigest(header)) }
  }

  /** The right edge at `size`: the one held in memory when it matches, else read from the partial tiles. */
  async #edge (client: pg.PoolClient | pg.Client, size: number): Promise<TileBuilder> {
    if (this.#builder?.size === size) return this.#builder
    const edge = TileBuilder.edgeTiles(size)
    const rows = edge.length === 0
      ? []
      : (await client.query<{ level: number, hashes: Buffer }>(
          'SELECT t.level, t.hashes FROM ledger_tiles t JOIN unnest($1::int[], $2::bigint[]) AS e(level, idx) ON t.level = e.level AND t.idx = e.idx',
          [edge.map((e) => e.level), edge.map((e) => e.index)])).rows
    const partials: Uint8Array[] = []
    for (const e of edge) {
      const row = rows.find((r) => r.level === e.level)
      if (row === undefined || row.hashes.length < e.width * 32) throw makeError('a partial tile is missing', 'LEDGER_CORRUPT', { level: e.level, index: e.index })
      partials[e.level] = new Uint8Array(row.hashes.subarray(0, e.width * 32))
    }
    this.#builder = new TileBuilder(size, partials)
    return this.#builder
  }
}
