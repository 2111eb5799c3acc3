import { join } from 'node:path'
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ANCHORED_TOPIC, Chain, EvmAnchorer, deployHealthAnchor, parseAnchoredLog } from '../../src/adapters/ledger-evm/index.ts'
import type { AnchorOutcome } from '../../src/adapters/ledger-evm/index.ts'
import { isError } from '../../src/core/errors.ts'
import { systemClock } from '../../src/ports/clock.ts'
import type { BlockAnchored } from '../../src/ports/ledger.ts'
import { openDataDir } from '../../src/spine/data-dir.ts'
import type { DataDir } from '../../src/spine/data-dir.ts'
import { runCli } from '../support/cli.ts'
import { tempDir } from '../support/data.ts'
import { HARDHAT_KEY_0, startHardhatNode } from './hardhat-node.ts'
import type { HardhatNode } from './hardhat-node.ts'
import { startTcpProxy } from './tcp-proxy.ts'
import type { TcpProxy } from './tcp-proxy.ts'

describe('anchoring through an RPC outage', () => {
  let node: HardhatNode
  let proxy: TcpProxy
  let data: DataDir
  let contract: string
  const tmp = tempDir()
  const dir = join(tmp.dir, 'data')

  const anchorer = (): EvmAnchorer => new EvmAnchorer({
    ledger: data.ledger, chain: new Chain(proxy.url, { timeoutMs: 1500 }), wallet: new Wallet(HARDHAT_KEY_0), contract, clock: systemClock, pollMs: 20, receiptTimeoutMs: 1500
  })
  const appendNotes = async (n: number): Promise<void> => {
    await data.ledger.append(Array.from({ length: n }, (_, i) => ({ type: 'NoteAdded', time: Date.now(), n: i })))
    await data.spine.flush()
  }
  const chainAnchors = async (): Promise<number[]> => {
    const chain = new Chain(node.url)
    const logs = await (await chain.provider()).getLogs({ address: contract, topics: [ANCHORED_TOPIC], fromBlock: 0 })
    chain.close()
    return logs.map((l) => parseAnchoredLog(l)!.treeSize)
  }
  /**
   * Ticks (each failing: the answer to the send is lost) until the chain holds `count` anchors. Pooled
   * keep-alive sockets the proxy dropped fail a request or two first, as after any real outage.
   */
  const failUntilMined = async (a: EvmAnchorer, count: number): Promise<void> => {
    for (let i = 0; i < 10 && (await chainAnchors()).length < count; i++) {
      await expect(a.tick()).rejects.toSatisfy((err: unknown) => isError(err, 'CHAIN_UNAVAILABLE'))
    }
    expect(await chainAnchors()).toHaveLength(count)
  }
  const ledgerAnchors = (): number[] => [...data.ledger.entries()].filter((e) => e.entry.type === 'BlockAnchored').map((e) => (e.entry as BlockAnchored).treeSize)

  beforeAll(async () => {
    node = await startHardhatNode()
    proxy = await startTcpProxy(node.url)
    const chain = new Chain(node.url)
    contract = (await deployHealthAnchor(new Wallet(HARDHAT_KEY_0, await chain.provider()))).contract
    chain.close()
    data = await openDataDir(dir, { fsync: false })
  })
  afterAll(async () => {
    await data?.close()
    await proxy?.close()
    await node?.stop()
    tmp.cleanup()
  })

  it('keeps appending while the RPC is down, resumes after, and never anchors a block twice', async () => {
    const a = anchorer()
    await appendNotes(5)
    expect(await a.tick()).toMatchObject({ kind: 'anchored', entry: { treeSize: 5 } })

    // The network path is cut: a tick fails, appends go on, nothing waits for the chain.
    proxy.setMode('cut')
    await appendNotes(20)
    const failing = a.tick()
    const started = performance.now()
    await appendNotes(3)
    expect(performance.now() - started).toBeLessThan(1000)
    await expect(failing).rejects.toSatisfy((err: unknown) => isError(err, 'CHAIN_UNAVAILABLE'))

    // Uncertain failure: the transaction reaches the node, its answer is lost.
    proxy.setMode('lose-send')
    const second = data.ledger.blocks().at(-1)!.treeSize // 5 notes, 1 BlockAnchored, 23 notes
    expect(second).toBe(29)
    await failUntilMined(a, 2)
    expect(await chainAnchors()).toEqual([5, second])
    expect(ledgerAnchors()).toEqual([5])

    // Back up: the next tick finds the mined transaction instead of sending another.
    proxy.setMode('open')
    expect(await a.tick()).toMatchObject({ kind: 'anchored', adopted: false, entry: { treeSize: second } })
    expect(await chainAnchors()).toEqual([5, second])

    // A crash between mining and recording: a restarted anchorer adopts the event from the chain.
    await appendNotes(4)
    proxy.setMode('lose-send')
    await failUntilMined(a, 3)
    await a.stop()
    proxy.setMode('open')
    const restarted = anchorer()
    const outcome: AnchorOutcome = await restarted.tick()
    const third = second + 1 + 4
    expect(outcome).toMatchObject({ kind: 'anchored', adopted: true, entry: { treeSize: third } })
    await data.spine.flush()
    expect((await restarted.tick()).kind).toBe('idle')
    await restarted.stop()

    expect(await chainAnchors()).toEqual([5, second, third])
    expect(ledgerAnchors()).toEqual([5, second, third])
  })

  it('the serve loop anchors on its own, and `verify --chain` passes after the outage', async () => {
    const b = anchorer()
    let anchored = 0
    b.start(50, () => {}, (o) => { if (o.kind === 'anchored') anchored++ })
    proxy.setMode('cut')
    await appendNotes(7)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(anchored).toBe(0)
    proxy.setMode('open')
    for (let i = 0; i < 100 && anchored === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50))
    await b.stop()
    expect(anchored).toBe(1)
    const onChain = await chainAnchors()
    expect(new Set(onChain).size).toBe(onChain.length)
    expect(ledgerAnchors()).toEqual(onChain)
    await data.close()
    const verified = runCli(['verify', '--data', dir, '--chain', node.url, '--json'])
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, problems: [] })
    expect(verified.status).toBe(0)
    data = await openDataDir(dir, { fsync: false })
  })
})
