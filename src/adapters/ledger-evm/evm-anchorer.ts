import { Transaction, getAddress } from 'ethers'
import type { Wallet } from 'ethers'
import { makeError } from '../../core/errors.ts'
import type { Clock } from '../../core/types.ts'
import type { BlockAnchored, Ledger, LedgerBlock } from '../../ports/ledger.ts'
import { ANCHORED_TOPIC, anchorCalldata, parseAnchoredLog, treeSizeTopic } from './contract.ts'
import type { AnchoredLog } from './contract.ts'
import { guard } from './chain.ts'
import type { Chain } from './chain.ts'

export interface EvmAnchorerOptions {
  ledger: Pick<Ledger, 'append' | 'blocks' | 'entries' | 'size'>
  chain: Chain
  /** An anchorer the contract was deployed with. */
  wallet: Wallet
  contract: string
  clock: Clock
  /** Give up waiting for a receipt after this many ms (default 60,000); the transaction stays in flight. */
  receiptTimeoutMs?: number
  /** Receipt polling period in ms (default 1,000). */
  pollMs?: number
  /** Gas limit of an anchoring transaction (default 40,000; one costs about 23,000). */
  gasLimit?: number
  /** First chain block to search for this contract's events (default 0; set it to the deployment block). */
  fromBlock?: number
}

/** What one {@link EvmAnchorer.tick} did. */
export type AnchorOutcome =
  | { kind: 'anchored', entry: BlockAnchored, adopted: boolean }
  | { kind: 'idle' }

interface InFlight { raw: string, hash: string, block: LedgerBlock }
interface RpcLog { address: string, topics: string[], data: string, transactionHash: string, blockNumber: string }
interface RpcReceipt { status: number | string, blockNumber: string | null, logs: RpcLog[] }

/**
 * Anchors the ledger's latest sealed block to HealthAnchor, one transaction per tick, and records each
 * anchor back in the ledger as a `BlockAnchored` entry. It never blocks appends: it only reads the
 * ledger and appends its own entries after a receipt. Blocks that hold nothing but `BlockAnchored`
 * entries are not anchored themselves (that would never settle); the next anchor covers them.
 *
 * Nothing is lost or anchored twice: the cursor (last anchored tree size) is derived from the ledger's
 * own BlockAnchored entries; on the first tick it adopts any Anchored events on chain past the cursor
 * (a transaction mined after a crash); a transaction whose outcome is uncertain is signed once and only
 * ever re-broadcast byte for byte (same hash), after checking its receipt and the chain's logs.
 */
export class EvmAnchorer {
  private readonly o: Required<EvmAnchorerOptions>
  private readonly contract: string
  private cursor = 0
  private lastChainBlock = 0
  private scanned = 0
  private contentAt: number | undefined
  private contentCheckedTo = 0
  private reconciled = false
  private inFlight: InFlight | undefined
  private timer: NodeJS.Timeout | undefined
  private running: Promise<unknown> | undefined
  private stopped = false

  constructor (options: EvmAnchorerOptions) {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as EvmAnchorerOptions
    this.o = { receiptTimeoutMs: 60_000, pollMs: 1000, gasLimit: 40_000, fromBlock: 0, ...given }
    this.lastChainBlock = this.o.fromBlock
    this.contract = getAddress(options.contract)
  }

  /** Tree size the chain holds for this ledger (0 before the first anchor). */
  anchoredTreeSize (): number {
    this.readCursor()
    return this.cursor
  }

  /**
   * Anchors the latest block if it covers entries the chain does not have yet.
   * @throws MedledgerError CHAIN_UNAVAILABLE when the RPC fails (retried by the next tick, never resent
   *   blindly), ANCHOR_REJECTED when the contract reverts (wrong anchorer or contract address)
   */
  async tick (): Promise<AnchorOutcome> {
    this.readCursor()
    const provider = await this.o.chain.provider()
    if (!this.reconciled) {
      const adopted = await this.adoptFromChain()
      this.reconciled = true
      if (adopted !== undefined) return { kind: 'anchored', entry: adopted, adopted: true }
    }
    if (this.inFlight !== undefined) return this.settle(this.inFlight)
    const block = this.target()
    if (block === undefined) return { kind: 'idle' }
    const from = await this.o.wallet.getAddress()
    // provider.send, not the cached helpers: ethers keeps a failed call's rejection for 250 ms.
    const [nonce, tip, latest] = await guard('nonce and fees', async () => Promise.all([
      provider.send('eth_getTransactionCount', [from, 'pending']) as Promise<string>,
      provider.send('eth_maxPriorityFeePerGas', []) as Promise<string>,
      provider.send('eth_getBlockByNumber', ['latest', false]) as Promise<{ baseFeePerGas?: string }>
    ]))
    const priority = BigInt(tip)
    const tx = Transaction.from({
      type: 2,
      chainId: await this.o.chain.chainId(),
      to: this.contract,
      data: anchorCalldata(block.treeSize, block.root),
      nonce: Number(nonce),
      gasLimit: this.o.gasLimit,
      maxFeePerGas: 2n * BigInt(latest.baseFeePerGas ?? '0x0') + priority,
      maxPriorityFeePerGas: priority
    })
    const raw = await this.o.wallet.signTransaction(tx)
    this.inFlight = { raw, hash: Transaction.from(raw).hash!, block }
    return this.settle(this.inFlight)
  }

  /** Ticks every `intervalMs` until {@link stop}; failures go to `onError` and the next tick retries. */
  start (intervalMs: number, onError: (err: unknown) => void = () => {}, onOutcome: (outcome: AnchorOutcome) => void = () => {}): void {
    if (this.timer !== undefined || this.stopped) return
    const loop = (): void => {
      this.running = this.tick().then(onOutcome, onError).finally(() => {
        if (!this.stopped) this.timer = setTimeout(loop, intervalMs)
      })
    }
    this.timer = setTimeout(loop, 0)
  }

  /** Stops the loop, waits for a tick in progress, drops the connection. Throws nothing. */
  async stop (): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
    this.o.chain.close()
  }

  /** Broadcasts (or re-broadcasts the same bytes), then waits for the receipt and records it. */
  private async settle (inFlight: InFlight): Promise<AnchorOutcome> {
    const provider = await this.o.chain.provider()
    let receipt = await guard('eth_getTransactionReceipt', async () => this.receipt(inFlight.hash))
    if (receipt === undefined) {
      const onChain = await this.findOnChain(inFlight.block.treeSize)
      if (onChain !== undefined) return this.adopt(onChain)
      try {
        await provider.send('eth_sendRawTransaction', [inFlight.raw])
      } catch (err) {
        // "already known" or "nonce too low" mean it (or a replacement) is out there: wait and look again.
        if (!/known|nonce/i.test(String((err as Error).message))) throw makeError('broadcasting the anchor failed', 'CHAIN_UNAVAILABLE', {}, err)
      }
      receipt = await guard('waiting for the receipt', async () => this.waitForReceipt(inFlight.hash))
    }
    this.inFlight = undefined
    if (receipt.status !== 1) throw makeError(`the anchoring transaction ${inFlight.hash} reverted`, 'ANCHOR_REJECTED', { txHash: inFlight.hash })
    const log = receipt.logs.map((l) => parseAnchoredLog({ ...l, blockNumber: Number(l.blockNumber) })).find((l) => l !== undefined && l.contract === this.contract)
    if (log === undefined || log.treeSize !== inFlight.block.treeSize || log.root !== inFlight.block.root) {
      throw makeError(`the anchoring transaction ${inFlight.hash} emitted no matching Anchored event`, 'ANCHOR_REJECTED', { txHash: inFlight.hash })
    }
    return this.record(inFlight.block, log, false)
  }

  private async receipt (hash: string): Promise<RpcReceipt | undefined> {
    const provider = await this.o.chain.provider()
    const raw = await provider.send('eth_getTransactionReceipt', [hash]) as RpcReceipt | null
    return raw === null || raw.blockNumber === null ? undefined : { ...raw, status: Number(raw.status) }
  }

  private async waitForReceipt (hash: string): Promise<RpcReceipt> {
    const deadline = this.o.clock.now() + this.o.receiptTimeoutMs
    for (;;) {
      const receipt = await this.receipt(hash)
      if (receipt !== undefined) return receipt
      if (this.o.clock.now() >= deadline) throw makeError(`no receipt for ${hash} yet`, 'CHAIN_UNAVAILABLE', { txHash: hash })
      await new Promise((resolve) => setTimeout(resolve, this.o.pollMs))
    }
  }

  /** Anchored events of this contract past the cursor whose roots match local blocks, newest first. */
  private async chainEvents (topics: Array<string | null>): Promise<AnchoredLog[]> {
    const provider = await this.o.chain.provider()
    const filter = { address: this.contract, topics, fromBlock: '0x' + this.lastChainBlock.toString(16), toBlock: 'latest' }
    const logs = await guard('eth_getLogs', async () => provider.send('eth_getLogs', [filter]) as Promise<RpcLog[]>)
    return logs.map((l) => parseAnchoredLog({ ...l, blockNumber: Number(l.blockNumber) })).filter((l): l is AnchoredLog => l !== undefined && l.treeSize > this.cursor)
  }

  private async findOnChain (treeSize: number): Promise<AnchoredLog | undefined> {
    return (await this.chainEvents([ANCHORED_TOPIC, treeSizeTopic(treeSize)]))[0]
  }

  /** After a restart: an anchor this process sent before it stopped may have been mined since. */
  private async adoptFromChain (): Promise<BlockAnchored | undefined> {
    const events = await this.chainEvents([ANCHORED_TOPIC])
    const known = new Map(this.o.ledger.blocks().map((b) => [b.treeSize, b]))
    const matching = events.filter((e) => known.get(e.treeSize)?.root === e.root).sort((a, b) => b.treeSize - a.treeSize)
    return matching[0] === undefined ? undefined : (await this.adopt(matching[0])).entry
  }

  private async adopt (log: AnchoredLog): Promise<{ kind: 'anchored', entry: BlockAnchored, adopted: true }> {
    const block = this.o.ledger.blocks().find((b) => b.treeSize === log.treeSize)
    if (block === undefined || block.root !== log.root) throw makeError(`chain anchor at tree size ${log.treeSize} does not match the ledger`, 'ANCHOR_MISMATCH', { treeSize: log.treeSize })
    this.inFlight = undefined
    return { ...(await this.record(block, log, true)), adopted: true }
  }

  private async record (block: LedgerBlock, log: AnchoredLog, adopted: boolean): Promise<{ kind: 'anchored', entry: BlockAnchored, adopted: boolean }> {
    const entry: BlockAnchored = {
      type: 'BlockAnchored',
      time: this.o.clock.now(),
      height: block.height,
      treeSize: block.treeSize,
      root: block.root,
      chainId: await this.o.chain.chainId(),
      contract: this.contract,
      txHash: log.txHash,
      blockNumber: log.blockNumber
    }
    await this.o.ledger.append([entry])
    this.readCursor()
    return { kind: 'anchored', entry, adopted }
  }

  /** Advances the cursor over BlockAnchored entries of this contract appended since the last look. */
  private readCursor (): void {
    const size = this.o.ledger.size()
    if (this.scanned >= size) return
    for (const { entry } of this.o.ledger.entries(this.scanned, size)) {
      if (entry.type !== 'BlockAnchored') continue
      const anchored = entry as BlockAnchored
      if (anchored.contract.toLowerCase() !== this.contract.toLowerCase()) continue
      this.cursor = Math.max(this.cursor, anchored.treeSize)
      this.lastChainBlock = Math.max(this.lastChainBlock, anchored.blockNumber)
    }
    this.scanned = size
  }

  /** The latest sealed block, when entries other than BlockAnchored ones lie between the cursor and it. */
  private target (): LedgerBlock | undefined {
    const latest = this.o.ledger.blocks().at(-1)
    if (latest === undefined || latest.treeSize <= this.cursor) return undefined
    if (this.contentAt !== undefined && this.contentAt < this.cursor) this.contentAt = undefined
    if (this.contentAt === undefined) {
      const from = Math.max(this.cursor, this.contentCheckedTo)
      for (const { index, entry } of this.o.ledger.entries(from, latest.treeSize)) {
        if (entry.type !== 'BlockAnchored') { this.contentAt = index; break }
      }
      this.contentCheckedTo = this.contentAt ?? latest.treeSize
    }
    return this.contentAt !== undefined && this.contentAt < latest.treeSize ? latest : undefined
  }
}
