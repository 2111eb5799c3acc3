import { spawnSync } from 'node:child_process'
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openFileKeys } from '../../src/adapters/keys-file/index.ts'
import { openEmbeddedLedger } from '../../src/adapters/ledger-embedded/embedded-ledger.ts'
import { anchorCalldata } from '../../src/adapters/ledger-evm/index.ts'
import type { ProofBundle } from '../../src/adapters/ledger-evm/index.ts'
import { systemClock, systemRng } from '../../src/ports/clock.ts'
import type { LedgerBlock } from '../../src/ports/ledger.ts'
import { dataPaths, openDataDir } from '../../src/spine/data-dir.ts'
import { verifyDataDir } from '../../src/spine/verify.ts'
import { runCli } from '../support/cli.ts'
import { patientKeys, syntheaSample, tempDir } from '../support/data.ts'
import { verifyBundle as verifyBundleInProcess } from '../../anchors/verify-bundle.mjs'
import { HARDHAT_KEY_0, startHardhatNode } from './hardhat-node.ts'
import type { HardhatNode } from './hardhat-node.ts'

const verifyBundleScript = join(import.meta.dirname, '../../anchors/verify-bundle.mjs')

function verifyBundle (file: string, rpc: string, signer?: string): { status: number, stdout: string } {
  const r = spawnSync(process.execPath, [verifyBundleScript, file, '--rpc', rpc, ...(signer === undefined ? [] : ['--signer', signer])], { encoding: 'utf8', timeout: 60_000 })
  return { status: r.status ?? -1, stdout: r.stdout + r.stderr }
}

/** Rewrites history as someone holding the ledger key could: one entry changed, every block re-signed. */
async function rewriteHistory (dir: string, change: (entry: Record<string, unknown>) => void): Promise<void> {
  const paths = dataPaths(dir)
  const entries = readFileSync(join(paths.ledger, 'entries.ndjson'), 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Record<string, unknown>)
  const blocks = readFileSync(join(paths.ledger, 'blocks.ndjson'), 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as LedgerBlock)
  change(entries[0]!)
  rmSync(paths.ledger, { recursive: true })
  const keys = openFileKeys({ dir: paths.keys, rng: systemRng })
  const ledger = openEmbeddedLedger({ dir: paths.ledger, signer: keys.ledgerSigner(), clock: systemClock, fsync: false, blockMaxEntries: 1 << 30 })
  let at = 0
  for (const block of blocks) {
    await ledger.append(entries.slice(at, block.treeSize) as never)
    await ledger.seal()
    at = block.treeSize
  }
  if (at < entries.length) await ledger.append(entries.slice(at) as never)
  await ledger.close()
  keys.close()
}

describe('anchoring a data folder to a real Hardhat node', () => {
  let node: HardhatNode
  const tmp = tempDir()
  const dir = join(tmp.dir, 'data')
  const keyFile = join(tmp.dir, 'anchor.key')
  let contract: string
  let recordId: string
  let signer: string

  beforeAll(async () => {
    node = await startHardhatNode()
    writeFileSync(keyFile, HARDHAT_KEY_0 + '\n', { mode: 0o600 })
    const data = await openDataDir(dir, { fsync: false })
    const rows = await data.spine.write(syntheaSample().slice(0, 6).map((resource) => ({ patient: patientKeys('alice'), resource })), { actor: 'hospital-1' })
    recordId = rows[2]!.recordId
    signer = data.keys.ledgerSigner().address
    await data.close()
  })
  afterAll(async () => {
    await node.stop()
    tmp.cleanup()
  })

  it('deploys with `anchor deploy`, anchors with `anchor run --once`, and `verify --chain` passes', () => {
    const deployed = runCli(['anchor', 'deploy', '--rpc', node.url, '--key-file', keyFile, '--json'])
    expect(deployed.stderr).toBe('')
    expect(deployed.status).toBe(0)
    contract = (JSON.parse(deployed.stdout) as { contract: string }).contract
    const ran = runCli(['anchor', 'run', '--once', '--data', dir, '--rpc', node.url, '--contract', contract, '--key-file', keyFile, '--json'])
    expect(ran.status).toBe(0)
    expect(JSON.parse(ran.stdout)).toMatchObject({ kind: 'anchored', entry: { type: 'BlockAnchored', height: 0, treeSize: 6, chainId: 31337 } })
    const again = runCli(['anchor', 'run', '--once', '--data', dir, '--rpc', node.url, '--contract', contract, '--key-file', keyFile, '--json'])
    expect(JSON.parse(again.stdout)).toMatchObject({ kind: 'idle' })
    const verified = runCli(['verify', '--data', dir, '--chain', node.url, '--json'])
    expect(verified.status).toBe(0)
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, problems: [] })
  })

  it('writes a proof bundle that the standalone script verifies against the chain, and rejects a tampered one', async () => {
    const out = join(tmp.dir, 'bundle.json')
    const proof = runCli(['proof', recordId, '--data', dir, '--out', out])
    expect(proof.stderr).toBe('')
    expect(proof.status).toBe(0)
    const ok = verifyBundle(out, node.url, signer)
    expect(ok.stdout).toMatch(/^OK: entry 2 /)
    expect(ok.status).toBe(0)
    const bundle = JSON.parse(readFileSync(out, 'utf8')) as ProofBundle
    const cases: Array<[string, (b: ProofBundle) => void]> = [
      ['tampered entry', (b) => { b.entry.line = b.entry.line.replace('hospital-1', 'hospital-2') }],
      ['forged root', (b) => { b.block.root = 'ff'.repeat(32) }],
      ['modified proof', (b) => { b.inclusion.path[0] = '00'.repeat(32) }],
      ['wrong transaction', (b) => { b.anchor.txHash = '0x' + '00'.repeat(32) }]
    ]
    for (const [what, tamper] of cases) {
      const bad = structuredClone(bundle)
      tamper(bad)
      await expect(verifyBundleInProcess(bad, node.url), what).rejects.toThrow()
    }
    await expect(verifyBundleInProcess(bundle, node.url, '0x' + '11'.repeat(20))).rejects.toThrow(/not 0x1111/)
    await expect(verifyBundleInProcess(bundle, node.url, signer)).resolves.toMatchObject({ index: 2, treeSize: 6 })
    const tampered = structuredClone(bundle)
    cases[0]![1](tampered)
    writeFileSync(join(tmp.dir, 'bad.json'), JSON.stringify(tampered))
    const r = verifyBundle(join(tmp.dir, 'bad.json'), node.url)
    expect(r.stdout).toMatch(/^FAILED: the entry does not hash to the leaf hash/)
    expect(r.status).toBe(1)
  })

  it('fails `verify --chain` for a tampered entry, even when the attacker re-signs every block', async () => {
    const edited = join(tmp.dir, 'edited')
    cpSync(dir, edited, { recursive: true })
    const file = join(dataPaths(edited).ledger, 'entries.ndjson')
    writeFileSync(file, readFileSync(file, 'utf8').replace('hospital-1', 'hospital-2'))
    const plain = await verifyDataDir(edited, { chain: { rpcUrl: node.url } })
    expect(plain.ok).toBe(false)
    expect(plain.problems[0]!.code).toBe('LEDGER_CORRUPT')

    const resigned = join(tmp.dir, 'resigned')
    cpSync(dir, resigned, { recursive: true })
    await rewriteHistory(resigned, (entry) => { entry.actor = 'someone-else' })
    expect((await verifyDataDir(resigned)).ok).toBe(true) // the signature alone cannot tell
    const report = await verifyDataDir(resigned, { chain: { rpcUrl: node.url } })
    expect(report.ok).toBe(false)
    expect(report.problems[0]).toMatchObject({ code: 'ANCHOR_MISMATCH', where: 'block 0' })
  })

  it('fails `verify --chain` naming the block when a forged root is anchored for a tree size', async () => {
    const anchorer = new Wallet(HARDHAT_KEY_0, (await import('ethers')).getDefaultProvider(node.url))
    const tx = await anchorer.sendTransaction({ to: contract, data: anchorCalldata(6, 'ee'.repeat(32)) })
    await tx.wait()
    const verified = runCli(['verify', '--data', dir, '--chain', node.url])
    expect(verified.status).toBe(1)
    expect(verified.stdout).toMatch(/ANCHOR_MISMATCH: block 0: the tree of the first 6 entries does not have the root anchored by tx/)
  })

  it('reports an unreachable chain as CHAIN_UNAVAILABLE', async () => {
    const report = await verifyDataDir(dir, { chain: { rpcUrl: 'http://127.0.0.1:1' } })
    expect(report.ok).toBe(false)
    expect(report.problems.map((p) => p.code)).toContain('CHAIN_UNAVAILABLE')
  })
})
