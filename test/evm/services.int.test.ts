import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Chain, deployHealthAnchor } from '../../src/adapters/ledger-evm/index.ts'
import type { BlockAnchored } from '../../src/ports/ledger.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { patientKeys, syntheaSample, tempDir } from '../support/data.ts'
import { HARDHAT_KEY_0, startHardhatNode } from './hardhat-node.ts'
import type { HardhatNode } from './hardhat-node.ts'

describe('openServices with anchoring configured', () => {
  let node: HardhatNode
  let contract: string
  const tmp = tempDir()

  beforeAll(async () => {
    node = await startHardhatNode()
    const chain = new Chain(node.url)
    contract = (await deployHealthAnchor(new Wallet(HARDHAT_KEY_0, await chain.provider()))).contract
    chain.close()
  })
  afterAll(async () => {
    await node.stop()
    tmp.cleanup()
  })

  it('anchors sealed blocks on its own timer, beside the sealing timer', async () => {
    const keyFile = join(tmp.dir, 'anchor.key')
    writeFileSync(keyFile, HARDHAT_KEY_0 + '\n', { mode: 0o600 })
    const services = await openServices({
      dataDir: join(tmp.dir, 'data'), ownsData: true, fsync: false, sealIntervalMs: 50,
      anchor: { rpcUrl: node.url, contract, keyFile, intervalMs: 50 }
    })
    try {
      await services.data!.spine.write(syntheaSample().slice(0, 3).map((resource) => ({ patient: patientKeys('bob'), resource })), { actor: 'h' })
      const anchored = (): BlockAnchored[] => [...services.data!.ledger.entries()].map((e) => e.entry).filter((e): e is BlockAnchored => e.type === 'BlockAnchored')
      for (let i = 0; i < 100 && anchored().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50))
      expect(anchored()).toMatchObject([{ treeSize: 3, contract, chainId: 31337 }])
    } finally {
      await services.close()
    }
  })
})
