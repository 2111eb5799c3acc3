import pg from 'pg'
import { canonicalJson } from '../../core/canonical-json.ts'
import { makeError } from '../../core/errors.ts'
import { toHex } from '../../core/merkle/index.ts'
import type { NoteSigner } from '../../core/tlog/checkpoint.ts'
import { encodeEntryBundle, tileWidth, TILE_WIDTH } from '../../core/tlog/layout.ts'
import { nodesNeeded, storedConsistencyProof, storedInclusionProof, storedRoot } from '../../core/tlog/stored-proofs.ts'
import type { NodeReader } from '../../core/tlog/stored-proofs.ts'
import { MISSING, TileCache, tilesForNodes } from '../../core/tlog/tile-hashes.ts'
import type { Clock } from '../../core/types.ts'
import type { ConsistencyProofOut, IndexedEntry, InclusionProofOut, LedgerBlock, LedgerEntry, LedgerLog } from '../../ports/ledger.ts'
import type { LedgerSigner } from '../../ports/keys.ts'
import { Integrator } from './integrator.ts'
import { INTEGRATOR_LOCK, ensureLedgerSchema } from './schema.ts'

export interface PostgresLedgerOptions {
  /** postgres://… (MEDLEDGER_POSTGRES_URL). */
  url: string
  /** Signs blocks (secp256k1, as the embedded ledger). Without it this process appends and reads but never integrates. */
  signer?: LedgerSigner
  /** Ed25519 log key for C2SP checkpoints. */
  noteSigner?: NoteSigner
  /** The log's name in its checkpoints (default medledger.local/ledger). */
  origin?: string
  clock: Clock
  /** At most this many entries per block (default 1024). */
  blockMaxEntries?: number
  /** Seal pending entries once the last block is this old (default 1000 ms). */
  blockIntervalMs?: number
  /**
   * Compete for the integrator lease in the background (default true when a signer is given). The holder
   * integrates and seals; when it dies its session's advisory lock is released and another process
   * takes over on its next try (every `leaseRetryMs`, default 250 ms).
   */
  integrate?: boolean
  leaseRetryMs?: number
  /** Connections in this process's pool (default 4). */
  poolSize?: number
  /** Expanded tiles kept for proofs (default 1024). */
  tileCacheSize?: number
  /** Called with an integration error the background loop survived (it retries). */
  onError?: (err: unknown) => void
}

const encoder = new TextEncoder()

/**
 * Opens the PostgreSQL ledger (creating its tables when missing). Any number of processes may open the
 * same database and append concurrently: indexes are gapless and assigned once; an append is
 * acknowledged when its sequencing transaction commits. See schema.ts and integrator.ts.
 * @throws whatever pg throws when the database cannot be reached
 */
export async function openPostgresLedger (options: PostgresLedgerOptions): Promise<PostgresLedger> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 4 })
  pool.on('error', (err) => options.onError?.(err))
  await ensureLedgerSchema(pool)
  const ledger = new PostgresLedger(pool, options)
  if (options.signer !== undefined && options.integrate !== false) ledger.startIntegrating()
  return ledger
}

/** The PostgreSQL {@link LedgerLog} (the Tessera design): sequencing, leased integration, tiles, checkpoints. */
export class PostgresLedger implements LedgerLog {
  readonly #pool: pg.Pool
  readonly #o: PostgresLedgerOptions
  readonly #cache: TileCache
  readonly #integrator: Integrator | undefined
  #lease: pg.Client | undefined
  #loop: Promise<void> | undefined
  #stopping = false
  #wake: (() => void) | undefined
  /** Append calls waiting for the next sequencing transaction, and whether one is in flight. */
  readonly #queue: Array<{ rows: Buffer[], resolve: (indexes: number[]) => void, reject: (err: unknown) => void }> = []
  #sequencing = false
  #transactions = 0
  /** Serialises integration steps of this process (the background loop and seal()). */
  #stepping: Promise<unknown> = Promise.resolve()

  constructor (pool: pg.Pool, options: PostgresLedgerOptions) {
    this.#pool = pool
    this.#o = options
    this.#cache = new TileCache(options.tileCacheSize ?? 1024)
    this.#integrator = options.signer === undefined
      ? undefined
      : new Integrator({
        signer: options.signer,
        noteSigner: options.noteSigner,
        origin: options.origin ?? 'medledger.local/ledger',
        clock: options.clock,
        blockMaxEntries: options.blockMaxEntries ?? 1024,
        blockIntervalMs: options.blockIntervalMs ?? 1000
      })
  }

  /**
   * Appends entries. Calls that arrive while this process's sequencing transaction is in flight wait and then
   * go together in the next one (Tessera's batching): one transaction per round, not per call, and each
   * caller gets its own contiguous indexes in call order.
   */
  async append (entries: LedgerEntry[]): Promise<number[]> {
    const rows = entries.map((entry) => {
      if (typeof entry?.type !== 'string' || !Number.isSafeInteger(entry.time)) {
        throw makeError('a ledger entry needs a string type and an integer time', 'BAD_INPUT')
      }
      return Buffer.from(encoder.encode(canonicalJson(entry)))
    })
    if (rows.length === 0) return []
    return await new Promise<number[]>((resolve, reject) => {
      this.#queue.push({ rows, resolve, reject })
      if (!this.#sequencing) void this.#drain()
    })
  }

  /** Sequencing transactions committed by this process (each may carry many append calls). */
  sequencingTransactions (): number { return this.#transactions }

  async #drain (): Promise<void> {
    this.#sequencing = true
    try {
      while (this.#queue.length > 0) {
        const round = this.#queue.splice(0, this.#queue.length)
        try {
          let at = await this.#sequence(round.flatMap((call) => call.rows))
          for (const call of round) {
            call.resolve(call.rows.map((_, i) => at + i))
            at += call.rows.length
          }
        } catch (err) {
          for (const call of round) call.reject(err)
        }
      }
    } finally {
      this.#sequencing = false
    }
  }

  /** One sequencing transaction: locks the coordination row, inserts `rows` at next.., advances next. */
  async #sequence (rows: Buffer[]): Promise<number> {
    const client = await this.#pool.connect()
    try {
      await client.query('BEGIN')
      const next = Number((await client.query<{ next: string }>('SELECT next FROM ledger_sequence WHERE id = 1 FOR UPDATE')).rows[0]!.next)
      await client.query('INSERT INTO ledger_entries (idx, data) SELECT * FROM unnest($1::bigint[], $2::bytea[])', [rows.map((_, i) => next + i), rows])
      await client.query('UPDATE ledger_sequence SET next = $1 WHERE id = 1', [next + rows.length])
      await client.query('COMMIT')
      this.#transactions++
      this.#wake?.()
      return next
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      client.release()
    }
  }

  /**
   * Integrates every entry acknowledged before the call and seals it into blocks. Takes the integrator
   * lease when free; when another process holds it, waits for that process's blocks to cover them.
   * @throws MedledgerError CONFLICT without a signer and no other integrator within 30 s
   */
  async seal (): Promise<LedgerBlock | undefined> {
    const target = await this.size()
    const before = await this.latestBlock()
    if ((before?.treeSize ?? 0) >= target) return undefined
    const deadline = this.#o.clock.now() + 30_000
    for (;;) {
      if (this.#integrator !== undefined && await this.#tryLease()) {
        try {
          let last: LedgerBlock | undefined
          for (;;) {
            const step = await this.#step(true)
            last = step.block ?? last
            if (step.size >= target && (last?.treeSize ?? 0) >= target) return last
            if (step.integrated === 0 && step.block === undefined) break
          }
        } finally {
          if (this.#loop === undefined) await this.#dropLease() // not the background integrator: hand the lease back
        }
      }
      const latest = await this.latestBlock()
      if ((latest?.treeSize ?? 0) >= target) return latest
      if (this.#o.clock.now() > deadline) throw makeError('no integrator sealed the pending entries', 'CONFLICT', { target })
      await sleep(50)
    }
  }

  async size (): Promise<number> {
    return Number((await this.#pool.query<{ next: string }>('SELECT next FROM ledger_sequence WHERE id = 1')).rows[0]!.next)
  }

  /** Entries integrated into the tree (tiles written) so far. */
  async integratedSize (): Promise<number> {
    return Number((await this.#pool.query<{ size: string }>('SELECT size FROM ledger_tree WHERE id = 1')).rows[0]!.size)
  }

  async entry (index: number): Promise<LedgerEntry> {
    const row = Number.isSafeInteger(index) && index >= 0
      ? (await this.#pool.query<{ data: Buffer }>('SELECT data FROM ledger_entries WHERE idx = $1', [index])).rows[0]
      : undefined
    if (row === undefined) throw makeError(`no ledger entry ${index}`, 'NOT_FOUND', { index })
    return JSON.parse(row.data.toString('utf8')) as LedgerEntry
  }

  async * entries (from = 0, to?: number): AsyncIterable<IndexedEntry> {
    const end = to ?? await this.size()
    for (let lo = from; lo < end; lo += 1000) {
      const rows = (await this.#pool.query<{ idx: string, data: Buffer }>('SELECT idx, data FROM ledger_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx', [lo, Math.min(end, lo + 1000)])).rows
      for (const r of rows) yield { index: Number(r.idx), entry: JSON.parse(r.data.toString('utf8')) as LedgerEntry }
    }
  }

  async blocks (fromHeight = 0): Promise<LedgerBlock[]> {
    return (await this.#pool.query<{ block: LedgerBlock }>('SELECT block FROM ledger_blocks WHERE height >= $1 ORDER BY height', [fromHeight])).rows.map((r) => r.block)
  }

  async latestBlock (): Promise<LedgerBlock | undefined> {
    return (await this.#pool.query<{ block: LedgerBlock }>('SELECT block FROM ledger_blocks ORDER BY height DESC LIMIT 1')).rows[0]?.block
  }

  async inclusionProof (index: number, treeSize?: number): Promise<InclusionProofOut> {
    if (!Number.isSafeInteger(index) || index < 0) throw makeError(`no ledger entry ${index}`, 'NOT_FOUND', { index })
    const block = treeSize === undefined
      ? (await this.#pool.query<{ block: LedgerBlock }>('SELECT block FROM ledger_blocks WHERE tree_size > $1 ORDER BY tree_size LIMIT 1', [index])).rows[0]?.block
      : (await this.#pool.query<{ block: LedgerBlock }>('SELECT block FROM ledger_blocks WHERE tree_size = $1', [treeSize])).rows[0]?.block
    if (block === undefined && treeSize !== undefined) throw makeError(`no block has tree size ${treeSize}`, 'BAD_INPUT', { treeSize })
    if (block === undefined && index >= await this.size()) throw makeError(`no ledger entry ${index}`, 'NOT_FOUND', { index })
    if (block === undefined) throw makeError(`entry ${index} is not sealed in a block yet`, 'NOT_SEALED', { index })
    if (index >= block.treeSize) throw makeError(`entry ${index} is not in the tree of size ${block.treeSize}`, 'BAD_INPUT')
    const [leaf, ...path] = await this.#fromTiles((read) => [read(0, index), ...storedInclusionProof(read, index, block.treeSize)])
    return { index, treeSize: block.treeSize, leafHash: toHex(leaf), path: path.map(toHex), root: block.root, block }
  }

  async consistencyProof (fromSize: number, toSize: number): Promise<ConsistencyProofOut> {
    const integrated = await this.integratedSize()
    if (!Number.isSafeInteger(toSize) || toSize > integrated) throw makeError('size exceeds the integrated tree', 'BAD_INPUT', { toSize })
    const [fromRoot, toRoot, ...path] = await this.#fromTiles((read) => [
      storedRoot(read, Math.min(fromSize, toSize)), storedRoot(read, toSize), ...storedConsistencyProof(read, fromSize, toSize)])
    return { fromSize, toSize, path: path.map(toHex), fromRoot: toHex(fromRoot), toRoot: toHex(toRoot) }
  }

  async checkpoint (): Promise<string | undefined> {
    return (await this.#pool.query<{ checkpoint: string | null }>('SELECT checkpoint FROM ledger_blocks ORDER BY height DESC LIMIT 1')).rows[0]?.checkpoint ?? undefined
  }

  async tile (level: number, index: number, width: number): Promise<Uint8Array | undefined> {
    const row = (await this.#pool.query<{ hashes: Buffer }>('SELECT hashes FROM ledger_tiles WHERE level = $1 AND idx = $2', [level, index])).rows[0]
    if (row === undefined || row.hashes.length < width * 32) return undefined
    return new Uint8Array(row.hashes.subarray(0, width * 32))
  }

  async entryBundle (index: number, width: number): Promise<Uint8Array | undefined> {
    if (tileWidth(await this.integratedSize(), 0, index) < width) return undefined
    const rows = (await this.#pool.query<{ data: Buffer }>('SELECT data FROM ledger_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx',
      [index * TILE_WIDTH, index * TILE_WIDTH + width])).rows
    return encodeEntryBundle(rows.map((r) => r.data))
  }

  /** Starts competing for the integrator lease (see {@link PostgresLedgerOptions.integrate}). */
  startIntegrating (): void {
    if (this.#loop !== undefined || this.#integrator === undefined) return
    this.#loop = this.#runLoop()
  }

  /** True while this process holds the integrator lease. */
  holdsLease (): boolean { return this.#lease !== undefined }

  async close (): Promise<void> {
    this.#stopping = true
    this.#wake?.()
    await this.#loop
    await this.#stepping.catch(() => {})
    await this.#dropLease()
    await this.#pool.end()
  }

  async #runLoop (): Promise<void> {
    const retry = this.#o.leaseRetryMs ?? 250
    while (!this.#stopping) {
      try {
        if (await this.#tryLease()) {
          const step = await this.#step(false)
          if (step.integrated > 0 || step.block !== undefined) continue
        }
      } catch (err) {
        this.#o.onError?.(err)
        await this.#dropLease()
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.#lease === undefined ? retry : 50)
        this.#wake = () => { clearTimeout(t); resolve() }
      })
      this.#wake = undefined
    }
  }

  /** Takes the session-level advisory lock on a dedicated connection; the lock dies with the session. */
  async #tryLease (): Promise<boolean> {
    if (this.#lease !== undefined) return true
    const client = new pg.Client({ connectionString: this.#o.url })
    client.on('error', () => { if (this.#lease === client) { this.#lease = undefined; this.#integrator?.reset() } })
    await client.connect()
    const got = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [INTEGRATOR_LOCK.toString()])).rows[0]!.ok
    if (!got) { await client.end(); return false }
    this.#lease = client
    this.#integrator!.reset()
    return true
  }

  async #dropLease (): Promise<void> {
    const client = this.#lease
    this.#lease = undefined
    this.#integrator?.reset()
    await client?.end().catch(() => {})
  }

  /** One integration step on the lease's own session, so a lost session can never write. */
  async #step (force: boolean): Promise<{ integrated: number, size: number, block?: LedgerBlock }> {
    const run = this.#stepping.catch(() => {}).then(async () => {
      const client = this.#lease
      if (client === undefined) throw makeError('integrator lease lost', 'CONFLICT')
      return await this.#integrator!.step(client, force)
    })
    this.#stepping = run
    return await run
  }

  /** Runs a computation over stored nodes: fetches the tiles it needs in one query, then runs it. */
  async #fromTiles<T> (compute: (read: NodeReader) => T): Promise<T> {
    const warm = this.#cache.attempt(compute)
    if (warm !== MISSING) return warm
    const missing = this.#cache.missing(tilesForNodes(nodesNeeded(compute)))
    if (missing.length > 0) {
      const rows = (await this.#pool.query<{ level: number, idx: string, hashes: Buffer }>(
        'SELECT t.level, t.idx, t.hashes FROM ledger_tiles t JOIN unnest($1::int[], $2::bigint[]) AS m(level, idx) ON t.level = m.level AND t.idx = m.idx',
        [missing.map((m) => m.level), missing.map((m) => m.index)])).rows
      for (const r of rows) this.#cache.put(r.level, Number(r.idx), new Uint8Array(r.hashes))
    }
    return compute(this.#cache.nodeAt)
  }
}

async function sleep (ms: number): Promise<void> { await new Promise((resolve) => setTimeout(resolve, ms)) }
