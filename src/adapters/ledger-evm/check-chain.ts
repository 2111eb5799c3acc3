import { getAddress } from 'ethers'
import type { BlockAnchored, LedgerBlock } from '../../ports/ledger.ts'
import { ANCHORED_TOPIC, parseAnchoredLog } from './contract.ts'
import type { AnchoredLog } from './contract.ts'
import { Chain, guard } from './chain.ts'

/** One disagreement between the ledger and the chain, named by where it is (`entry 17`, `block 3`). */
export interface AnchorProblem {
  code: 'ANCHOR_MISMATCH' | 'ANCHOR_MISSING' | 'CHAIN_UNAVAILABLE'
  where: string
  message: string
}

export interface CheckAnchorsInput {
  rpcUrl: string
  /** Every BlockAnchored entry of the ledger, with its index. */
  anchors: Array<{ index: number, entry: BlockAnchored }>
  /** The verified blocks. */
  blocks: readonly LedgerBlock[]
  /** Number of entries in the ledger. */
  size: number
  /** Root (hex, no 0x) of the tree over the first `treeSize` entries, recomputed from the entries. */
  rootAt(treeSize: number): string
  /** Also check this contract's events even when no entry names it. */
  contract?: string
  /** First chain block to read events from (default: the earliest anchor's block, else 0). */
  fromBlock?: number
  timeoutMs?: number
}

export interface CheckAnchorsReport { problems: AnchorProblem[], notes: string[], checked: number }

const LOG_CHUNK = 10_000

/**
 * Checks every anchored root against the chain: each BlockAnchored entry must name a local block with the
 * same tree head and a transaction whose Anchored event carries it; every Anchored event the contract
 * emitted must agree with the tree recomputed from the entries (a forged or forked root fails).
 * Never throws: an unreachable chain is a CHAIN_UNAVAILABLE problem.
 */
export async function checkAnchors (input: CheckAnchorsInput): Promise<CheckAnchorsReport> {
  const report: CheckAnchorsReport = { problems: [], notes: [], checked: 0 }
  const contracts = new Set(input.anchors.map((a) => a.entry.contract.toLowerCase()))
  if (input.contract !== undefined) contracts.add(input.contract.toLowerCase())
  if (contracts.size === 0) {
    report.problems.push({ code: 'ANCHOR_MISSING', where: 'ledger', message: 'the ledger holds no BlockAnchored entry: nothing to check against the chain' })
    return report
  }
  const chain = new Chain(input.rpcUrl, { timeoutMs: input.timeoutMs })
  try {
    const chainId = await chain.chainId()
    const provider = await chain.provider()
    const head = await guard('eth_blockNumber', async () => provider.getBlockNumber())
    const from = input.fromBlock ?? Math.min(...input.anchors.map((a) => a.entry.blockNumber), head)
    const events: AnchoredLog[] = []
    for (const contract of contracts) {
      for (let lo = from; lo <= head; lo += LOG_CHUNK) {
        const logs = await guard('eth_getLogs', async () => provider.getLogs({ address: getAddress(contract), topics: [ANCHORED_TOPIC], fromBlock: lo, toBlock: Math.min(lo + LOG_CHUNK - 1, head) }))
        for (const log of logs) { const e = parseAnchoredLog(log); if (e !== undefined) events.push(e) }
      }
    }
    const byTx = new Map(events.map((e) => [e.txHash.toLowerCase(), e]))
    for (const { index, entry } of input.anchors) {
      const where = `entry ${index}`
      const block = input.blocks[entry.height]
      if (entry.chainId !== chainId) {
        report.problems.push({ code: 'ANCHOR_MISMATCH', where, message: `${where}: anchored on chain ${entry.chainId}, but ${input.rpcUrl} is chain ${chainId}` })
        continue
      }
      if (block === undefined || block.treeSize !== entry.treeSize || block.root !== entry.root) {
        report.problems.push({ code: 'ANCHOR_MISMATCH', where, message: `${where}: BlockAnchored names block ${entry.height} with a tree head the ledger does not have` })
        continue
      }
      const event = byTx.get(entry.txHash.toLowerCase())
      if (event === undefined || event.treeSize !== entry.treeSize || event.contract.toLowerCase() !== entry.contract.toLowerCase()) {
        report.problems.push({ code: 'ANCHOR_MISSING', where, message: `${where}: transaction ${entry.txHash} anchors no tree of size ${entry.treeSize} on chain` })
        continue
      }
      if (event.root !== entry.root) {
        report.problems.push({ code: 'ANCHOR_MISMATCH', where, message: `${where}: block ${entry.height} root differs from the root anchored on chain by ${entry.txHash}` })
        continue
      }
      report.checked++
    }
    for (const event of events) {
      const block = input.blocks.find((b) => b.treeSize >= event.treeSize)
      const where = block === undefined ? `entry ${Math.min(event.treeSize, input.size)}` : `block ${block.height}`
      if (event.treeSize > input.size) {
        report.problems.push({ code: 'ANCHOR_MISMATCH', where, message: `${where}: the chain anchors a tree of ${event.treeSize} entries (tx ${event.txHash}) but the ledger holds ${input.size}` })
      } else if (input.rootAt(event.treeSize) !== event.root) {
        report.problems.push({ code: 'ANCHOR_MISMATCH', where, message: `${where}: the tree of the first ${event.treeSize} entries does not have the root anchored by tx ${event.txHash}` })
      }
    }
    const last = Math.max(0, ...events.map((e) => e.treeSize))
    if (last < input.size) report.notes.push(`${input.size - last} entries after the last anchored tree size ${last} are not anchored yet`)
    report.notes.push(`${report.checked} anchors and ${events.length} chain events checked against chain ${chainId}`)
  } catch (err) {
    report.problems.push({ code: 'CHAIN_UNAVAILABLE', where: 'chain', message: `${input.rpcUrl} did not answer: ${(err as Error).message}` })
  } finally {
    chain.close()
  }
  return report
}
