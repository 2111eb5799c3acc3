import { makeError } from '../../core/errors.ts'
import type { Clock } from '../../core/types.ts'
import type { Ledger } from '../../ports/ledger.ts'
import { Chain, readKeyFile } from './chain.ts'
import { EvmAnchorer } from './evm-anchorer.ts'

/** Anchoring for the process that owns the data folder (`serve`, `anchor run`). */
export interface AnchorConfig {
  rpcUrl: string
  contract: string
  keyFile: string
  /** Ms between anchoring attempts (default 10,000): at most one transaction per interval. */
  intervalMs?: number
  /** First chain block to search for the contract's events (its deployment block). */
  fromBlock?: number
}

/**
 * Reads MEDLEDGER_EVM_RPC, MEDLEDGER_EVM_CONTRACT, MEDLEDGER_EVM_KEY_FILE (all three, or none: no
 * anchoring), MEDLEDGER_EVM_INTERVAL_MS and MEDLEDGER_EVM_FROM_BLOCK.
 * @throws MedledgerError BAD_INPUT when only some of the three are set or a number is malformed
 */
export function anchorConfigFromEnv (env: NodeJS.ProcessEnv): AnchorConfig | undefined {
  const rpcUrl = env.MEDLEDGER_EVM_RPC
  const contract = env.MEDLEDGER_EVM_CONTRACT
  const keyFile = env.MEDLEDGER_EVM_KEY_FILE
  const set = [rpcUrl, contract, keyFile].filter((v) => v !== undefined && v !== '').length
  if (set === 0) return undefined
  if (set < 3) throw makeError('set all of MEDLEDGER_EVM_RPC, MEDLEDGER_EVM_CONTRACT and MEDLEDGER_EVM_KEY_FILE, or none', 'BAD_INPUT')
  return { rpcUrl: rpcUrl!, contract: contract!, keyFile: keyFile!, intervalMs: int(env.MEDLEDGER_EVM_INTERVAL_MS, 'MEDLEDGER_EVM_INTERVAL_MS'), fromBlock: int(env.MEDLEDGER_EVM_FROM_BLOCK, 'MEDLEDGER_EVM_FROM_BLOCK') }
}

function int (value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined
  if (!/^\d+$/.test(value)) throw makeError(`${name} must be a non-negative integer`, 'BAD_INPUT')
  return Number(value)
}

/**
 * Starts the anchoring loop over `ledger`; failures are reported through `log` once per kind of failure
 * (an RPC outage is one line, not one a tick) and retried on the next tick.
 * @throws MedledgerError BAD_INPUT for a bad key file or RPC URL
 */
export function startAnchoring (config: AnchorConfig, ledger: Pick<Ledger, 'append' | 'blocks' | 'entries' | 'size'>, clock: Clock, log: (line: string) => void = (l) => { process.stderr.write(l + '\n') }): EvmAnchorer {
  const anchorer = new EvmAnchorer({ ledger, chain: new Chain(config.rpcUrl), wallet: readKeyFile(config.keyFile), contract: config.contract, clock, fromBlock: config.fromBlock })
  let last = ''
  anchorer.start(config.intervalMs ?? 10_000, (err) => {
    const code = (err as { code?: string }).code ?? 'ERROR'
    if (code !== last) log(`medledger anchor: ${code}: ${(err as Error).message} (retrying)`)
    last = code
  }, () => { last = '' })
  return anchorer
}
