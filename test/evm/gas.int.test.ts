import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEmbeddedLedger } from '../../src/adapters/ledger-embedded/embedded-ledger.ts'
import { Chain, EvmAnchorer, deployHealthAnchor, healthAnchorInterface } from '../../src/adapters/ledger-evm/index.ts'
import { systemClock } from '../../src/ports/clock.ts'
import { tempDir } from '../support/data.ts'
import { HARDHAT_KEY_0, HARDHAT_KEY_1, startHardhatNode } from './hardhat-node.ts'
import type { HardhatNode } from './hardhat-node.ts'
import { testSigner } from './helpers.ts'

describe('HealthAnchor gas on a real Hardhat node', () => {
  let node: HardhatNode
  let chain: Chain
  let contract: string
  const tmp = tempDir()

  beforeAll(async () => {
    node = await startHardhatNode()
    chain = new Chain(node.url)
    contract = (await deployHealthAnchor(new Wallet(HARDHAT_KEY_0, await chain.provider()))).contract
  })
  afterAll(async () => {
    chain.close()
    await node.stop()
    tmp.cleanup()
  })

  it('anchors a block of 1,024 entries for at most 25 gas per record', async () => {
    const ledger = openEmbeddedLedger({ dir: tmp.dir, signer: testSigner(), clock: systemClock, fsync: false, blockMaxEntries: 1024 })
    await ledger.append(Array.from({ length: 1024 }, (_, n) => ({ type: 'RecordAnchored', recordId: `r${n}`, version: 1, cid: `c${n}`, actor: 'h', time: 1 })))
    expect(ledger.blocks()).toHaveLength(1)
    const anchorer = new EvmAnchorer({ ledger, chain, wallet: new Wallet(HARDHAT_KEY_0), contract, clock: systemClock, pollMs: 20 })
    const outcome = await anchorer.tick()
    expect(outcome.kind).toBe('anchored')
    if (outcome.kind !== 'anchored') return
    const receipt = await (await chain.provider()).getTransactionReceipt(outcome.entry.txHash)
    const perRecord = Number(receipt!.gasUsed) / 1024
    process.stdout.write(`HealthAnchor: ${receipt!.gasUsed} gas for a block of 1,024 entries = ${perRecord.toFixed(2)} gas per record\n`)
    expect(perRecord).toBeLessThanOrEqual(25)
    // Nothing new to anchor: the BlockAnchored entry alone never triggers another transaction.
    await ledger.seal()
    expect((await anchorer.tick()).kind).toBe('idle')
    await ledger.close()
  })

  it('reverts for a sender that is not an anchorer', async () => {
    const stranger = new Wallet(HARDHAT_KEY_1, await chain.provider())
    const unauthorized = healthAnchorInterface.getError('Unauthorized')!.selector
    await expect(stranger.call({ to: contract, data: '0x' + 'ab'.repeat(32) + '01' })).rejects.toMatchObject({ code: 'CALL_EXCEPTION', data: unauthorized })
    const anchorer = new Wallet(HARDHAT_KEY_0, await chain.provider())
    const badCalldata = healthAnchorInterface.getError('BadCalldata')!.selector
    await expect(anchorer.call({ to: contract, data: '0x' + 'ab'.repeat(32) })).rejects.toMatchObject({ code: 'CALL_EXCEPTION', data: badCalldata })
    await expect(anchorer.call({ to: contract, data: '0x' + 'ab'.repeat(32) + '00' })).rejects.toMatchObject({ code: 'CALL_EXCEPTION', data: badCalldata })
    await expect(anchorer.call({ to: contract, data: '0x' + 'ab'.repeat(32) + '01' })).resolves.toBe('0x')
  })
})
