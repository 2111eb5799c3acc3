import { join } from 'node:path'
import { Wallet } from 'ethers'
import { openEmbeddedLedger } from '../../src/adapters/ledger-embedded/embedded-ledger.ts'
import { Chain, EvmAnchorer, deployHealthAnchor } from '../../src/adapters/ledger-evm/index.ts'
import { systemClock } from '../../src/ports/clock.ts'
import { HARDHAT_KEY_0, startHardhatNode } from '../evm/hardhat-node.ts'
import { testSigner } from '../evm/helpers.ts'
import { tempDir } from '../support/data.ts'
import type { BenchResult } from './harness.ts'

/**
 * anchor.gas: gas per record of anchoring one sealed block of 1,024 entries with HealthAnchor on a real
 * Hardhat node (EDR, automine), vs a block of 1 entry (the per-transaction floor: what batching amortizes).
 */
export async function anchorGas (): Promise<BenchResult> {
  const t0 = performance.now()
  const node = await startHardhatNode()
  const startMs = performance.now() - t0
  const chain = new Chain(node.url)
  const tmp = tempDir('medledger-bench-anchor-')
  try {
    // ethers caches identical RPC answers (the sender's nonce among them) for 250 ms: let it expire between transactions
    const settle = async (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300))
    const gasPerRecord = async (entries: number): Promise<number> => {
      await settle()
      const contract = (await deployHealthAnchor(new Wallet(HARDHAT_KEY_0, await chain.provider()))).contract
      const ledger = openEmbeddedLedger({ dir: join(tmp.dir, String(entries)), signer: testSigner(), clock: systemClock, fsync: false, blockMaxEntries: entries })
      try {
        await ledger.append(Array.from({ length: entries }, (_, n) => ({ type: 'RecordAnchored', recordId: `r${n}`, version: 1, cid: `c${n}`, actor: 'h', time: 1 })))
        if (ledger.blocks().length !== 1) throw new Error(`expected one sealed block of ${entries}`)
        await settle()
        const anchorer = new EvmAnchorer({ ledger, chain, wallet: new Wallet(HARDHAT_KEY_0), contract, clock: systemClock, pollMs: 20 })
        const outcome = await anchorer.tick()
        if (outcome.kind !== 'anchored') throw new Error(`anchoring ${entries}: ${outcome.kind}`)
        const receipt = await (await chain.provider()).getTransactionReceipt(outcome.entry.txHash)
        return Number(receipt!.gasUsed) / entries
      } finally {
        await ledger.close()
      }
    }
    const single = await gasPerRecord(1)
    const value = await gasPerRecord(1024)
    process.stderr.write(`anchor.gas: hardhat node started in ${(startMs / 1000).toFixed(1)} s, whole benchmark ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)
    return { name: 'anchor.gas', value, unit: 'gas/record at 1,024 entries (1-entry block = baseline)', baseline: single, ratio: value / single, target: '<= 25 gas/record', met: value <= 25 }
  } finally {
    chain.close()
    await node.stop()
    tmp.cleanup()
  }
}
