import { writeFileSync } from 'node:fs'
import { openFileKeys } from '../adapters/keys-file/index.ts'
import { openEmbeddedLedger } from '../adapters/ledger-embedded/embedded-ledger.ts'
import { openLedgerReader } from '../adapters/ledger-embedded/ledger-reader.ts'
import { Chain, EvmAnchorer, buildProofBundle, deployHealthAnchor, readKeyFile } from '../adapters/ledger-evm/index.ts'
import { guard } from '../adapters/ledger-evm/chain.ts'
import { makeError } from '../core/errors.ts'
import { systemClock, systemRng } from '../ports/clock.ts'
import { dataPaths } from '../spine/data-dir.ts'
import { dataDirOf, print, untilSignal } from './common.ts'
import type { CommonOptions } from './common.ts'

export interface AnchorOptions extends CommonOptions {
  rpc?: string
  keyFile?: string
  contract?: string
  anchorer?: string[]
  interval?: string
  once?: boolean
}

/**
 * `medledger anchor deploy --rpc URL --key-file F [--anchorer 0x…]…` deploys anchors/HealthAnchor.sol (anchorers
 * default to the key's address); `medledger anchor run --rpc URL --contract 0x… --key-file F [--interval ms]
 * [--once]` anchors the data folder's ledger until SIGINT/SIGTERM (or once). `run` writes the ledger: only
 * while no `serve` owns the same folder (serve anchors by itself when MEDLEDGER_EVM_* are set).
 * @throws MedledgerError BAD_INPUT for missing options or a bad key file; CHAIN_UNAVAILABLE / ANCHOR_REJECTED from the chain
 */
export async function anchorCommand (sub: string | undefined, options: AnchorOptions): Promise<number> {
  if (options.rpc === undefined || options.keyFile === undefined) throw makeError('anchor needs --rpc <url> and --key-file <file>', 'BAD_INPUT')
  const wallet = readKeyFile(options.keyFile)
  const chain = new Chain(options.rpc, { timeoutMs: 30_000 })
  if (sub === 'deploy') {
    try {
      const provider = await chain.provider()
      const deployed = await guard('deploy', async () => deployHealthAnchor(wallet.connect(provider), options.anchorer))
      print(options, `HealthAnchor deployed at ${deployed.contract} on chain ${deployed.chainId} (block ${deployed.blockNumber}, tx ${deployed.txHash})`, deployed)
      return 0
    } finally {
      chain.close()
    }
  }
  if (sub !== 'run') throw makeError('anchor takes deploy or run', 'BAD_INPUT')
  if (options.contract === undefined) throw makeError('anchor run needs --contract 0x…', 'BAD_INPUT')
  const paths = dataPaths(dataDirOf(options))
  const keys = openFileKeys({ dir: paths.keys, rng: systemRng })
  const ledger = openEmbeddedLedger({ dir: paths.ledger, signer: keys.ledgerSigner(), clock: systemClock })
  const anchorer = new EvmAnchorer({ ledger, chain, wallet, contract: options.contract, clock: systemClock })
  try {
    await ledger.seal()
    if (options.once === true) {
      const outcome = await anchorer.tick()
      const text = outcome.kind === 'idle' ? `nothing to anchor (anchored up to tree size ${anchorer.anchoredTreeSize()})` : `anchored tree size ${outcome.entry.treeSize} in tx ${outcome.entry.txHash} (chain block ${outcome.entry.blockNumber})`
      print(options, text, outcome)
      return 0
    }
    anchorer.start(Number(options.interval ?? 10_000), (err) => { process.stderr.write(`medledger anchor: ${(err as { code?: string }).code ?? 'ERROR'}: ${(err as Error).message}\n`) },
      (outcome) => { if (outcome.kind === 'anchored') process.stdout.write(`anchored tree size ${outcome.entry.treeSize} in tx ${outcome.entry.txHash}\n`) })
    const sealer = setInterval(() => { void ledger.seal() }, 1000)
    await untilSignal()
    clearInterval(sealer)
    return 0
  } finally {
    await anchorer.stop()
    await ledger.seal()
    await ledger.close()
    keys.close()
  }
}

/**
 * `medledger proof <recordId> [--version N] [--out bundle.json]`: the proof bundle of one record version
 * (entry, inclusion proof, signed block, anchoring transaction), read-only beside a running server.
 * @throws MedledgerError NOT_FOUND for an unknown record version; ANCHOR_MISSING while it is not anchored yet
 */
export async function proofCommand (recordId: string | undefined, options: CommonOptions & { version?: string, out?: string }): Promise<number> {
  if (recordId === undefined) throw makeError('proof needs a record id', 'BAD_INPUT')
  if (options.version !== undefined && !/^\d+$/.test(options.version)) throw makeError('--version must be an integer', 'BAD_INPUT')
  const paths = dataPaths(dataDirOf(options))
  const keys = openFileKeys({ dir: paths.keys, rng: systemRng })
  const signer = keys.ledgerSigner().address
  keys.close()
  const ledger = openLedgerReader({ dir: paths.ledger, clock: systemClock, trustedSigners: [signer] })
  try {
    const bundle = buildProofBundle(ledger, recordId, { version: options.version === undefined ? undefined : Number(options.version) })
    const text = JSON.stringify(bundle, null, 2) + '\n'
    if (options.out === undefined) process.stdout.write(text)
    else {
      writeFileSync(options.out, text)
      print(options, `wrote ${options.out}: entry ${bundle.entry.index} in the tree of ${bundle.inclusion.treeSize}, anchored by ${bundle.anchor.txHash}`, { out: options.out })
    }
    return 0
  } finally {
    await ledger.close()
  }
}
