import pg from 'pg'
import { recoverAddress } from 'ethers'
import { GENESIS_PREV_HASH, blockDigest, blockHash } from '../../core/ledger/block.ts'
import { makeError } from '../../core/errors.ts'
import { leafHash, toHex } from '../../core/merkle/index.ts'
import { TileBuilder } from '../../core/tlog/tile-hashes.ts'
import type { TileWrite } from '../../core/tlog/tile-hashes.ts'
import type { LedgerBlock } from '../../ports/ledger.ts'

export interface PostgresLedgerReport { entries: number, integrated: number, blocks: number }

/**
 * Re-checks a PostgreSQL ledger from its entries alone, streaming (memory flat): indexes 0..next−1 each
 * present once; the tiles recomputed from the entries equal the stored tiles; every block's root equals the
 * tree at its size, its prevHash chains, and its signature is by one of `trustedSigners`.
 * @throws MedledgerError LEDGER_CORRUPT (info.where names the first problem) or LEDGER_BAD_SIGNATURE
 */
export async function verifyPostgresLedger (url: string, options: { trustedSigners: string[] }): Promise<PostgresLedgerReport> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    const next = Number((await client.query<{ next: string }>('SELECT next FROM ledger_sequence WHERE id = 1')).rows[0]!.next)
    const integrated = Number((await client.query<{ size: string }>('SELECT size FROM ledger_tree WHERE id = 1')).rows[0]!.size)
    const counted = (await client.query<{ n: string, max: string | null }>('SELECT count(*) AS n, max(idx) AS max FROM ledger_entries')).rows[0]!
    const corrupt = (where: string, message: string): never => { throw makeError(`ledger does not verify: ${message}`, 'LEDGER_CORRUPT', { where }) }
    if (Number(counted.n) !== next || (next > 0 && Number(counted.max) !== next - 1)) corrupt('entries', `expected entries 0..${next - 1}, found ${counted.n}`)
    if (integrated > next) corrupt('tree', 'integrated size exceeds the sequence')
    const blocks = (await client.query<{ block: LedgerBlock }>('SELECT block FROM ledger_blocks ORDER BY height')).rows.map((r) => r.block)
    const roots = new Map<number, string>()
    const wanted = new Set(blocks.map((b) => b.treeSize))
    const builder = new TileBuilder()
    const CHUNK = 4096
    for (let lo = 0; lo < integrated; lo += CHUNK) {
      const rows = (await client.query<{ idx: string, data: Buffer }>('SELECT idx, data FROM ledger_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx', [lo, Math.min(integrated, lo + CHUNK)])).rows
      const writes = new Map<string, TileWrite>()
      for (const r of rows) {
        if (Number(r.idx) !== builder.size) corrupt(`entry ${builder.size}`, `entry ${builder.size} is missing`)
        for (const w of builder.append([leafHash(r.data)])) writes.set(`${w.level}/${w.index}`, w)
        if (wanted.has(builder.size)) roots.set(builder.size, toHex(builder.root()))
      }
      await compareTiles(client, [...writes.values()], corrupt)
    }
    const trusted = new Set(options.trustedSigners.map((a) => a.toLowerCase()))
    let prevHash = GENESIS_PREV_HASH
    let prevSize = 0
    for (const [h, b] of blocks.entries()) {
      const where = `block ${h}`
      if (b.height !== h || b.prevHash !== prevHash || b.treeSize <= prevSize || b.treeSize > integrated) corrupt(where, `${where} is out of sequence`)
      if (roots.get(b.treeSize) !== b.root) corrupt(where, `${where}: root does not match entries ${prevSize}..${b.treeSize - 1}`)
      let signedBy = ''
      try { signedBy = recoverAddress(blockDigest(b), b.signature).toLowerCase() } catch { /* bad signature */ }
      if (signedBy !== b.signer.toLowerCase() || !trusted.has(signedBy)) {
        throw makeError(`ledger does not verify: ${where}: signature is not by a trusted signer`, 'LEDGER_BAD_SIGNATURE', { where })
      }
      prevHash = toHex(blockHash(b))
      prevSize = b.treeSize
    }
    await client.query('COMMIT')
    return { entries: next, integrated, blocks: blocks.length }
  } finally {
    await client.end()
  }
}

async function compareTiles (client: pg.Client, writes: TileWrite[], corrupt: (where: string, message: string) => never): Promise<void> {
  if (writes.length === 0) return
  const rows = (await client.query<{ level: number, idx: string, hashes: Buffer }>(
    'SELECT t.level, t.idx, t.hashes FROM ledger_tiles t JOIN unnest($1::int[], $2::bigint[]) AS w(level, idx) ON t.level = w.level AND t.idx = w.idx',
    [writes.map((w) => w.level), writes.map((w) => w.index)])).rows
  const stored = new Map(rows.map((r) => [`${r.level}/${r.idx}`, r.hashes]))
  for (const w of writes) {
    const have = stored.get(`${w.level}/${w.index}`)
    if (have === undefined || have.length < w.hashes.length || !have.subarray(0, w.hashes.length).equals(w.hashes)) {
      corrupt(`tile ${w.level}/${w.index}`, `tile ${w.level}/${w.index} does not match the entries`)
    }
  }
}
