/**
 * anchors/HealthAnchor.sol from the TypeScript side: its checked-in artifact, the compact anchoring calldata
 * `root (32 bytes) || treeSize (1..8 bytes, big-endian, no leading zeros)`, its `Anchored` log, deployment.
 */
import { readFileSync } from 'node:fs'
import { ContractFactory, Interface, getAddress, toBeHex, zeroPadValue } from 'ethers'
import type { ContractRunner, Log } from 'ethers'
import { makeError } from '../../core/errors.ts'

/** The compiled contract, as `npm run anchors:compile` wrote it. */
export const HEALTH_ANCHOR_ARTIFACT = JSON.parse(readFileSync(new URL('../../../anchors/HealthAnchor.json', import.meta.url), 'utf8')) as {
  abi: unknown[], bytecode: string, compiler: { version: string }
}

export const healthAnchorInterface = new Interface(HEALTH_ANCHOR_ARTIFACT.abi as string[])

/** topic0 of `Anchored(uint64 indexed treeSize, bytes32 root)`. */
export const ANCHORED_TOPIC: string = healthAnchorInterface.getEvent('Anchored')!.topicHash

/** A tree head as the chain holds it: `root` hex without `0x`, like every ledger hash. */
export interface AnchoredLog {
  treeSize: number
  root: string
  txHash: string
  blockNumber: number
  contract: string
}

/**
 * The calldata that anchors one tree head: 32 root bytes, then treeSize in as few bytes as it needs
 * (zero bytes cost less calldata gas, but leading zeros would still cost 4 gas each).
 * @throws RangeError unless `treeSize` is an integer 1..2^53-1 and `root` 64 hex digits
 */
export function anchorCalldata (treeSize: number, root: string): string {
  if (!Number.isSafeInteger(treeSize) || treeSize < 1) throw new RangeError('treeSize must be a positive safe integer')
  const hex = root.startsWith('0x') ? root.slice(2) : root
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new RangeError('root must be 32 bytes of hex')
  return '0x' + hex.toLowerCase() + toBeHex(treeSize).slice(2)
}

/** topic1 for a log filter on one tree size. Throws RangeError for a non-integer. */
export function treeSizeTopic (treeSize: number): string {
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new RangeError('treeSize must be a non-negative safe integer')
  return zeroPadValue(toBeHex(treeSize), 32)
}

/** Decodes an `Anchored` log; undefined for any other log. Throws nothing. */
export function parseAnchoredLog (log: Pick<Log, 'topics' | 'data' | 'transactionHash' | 'blockNumber' | 'address'>): AnchoredLog | undefined {
  if (log.topics[0] !== ANCHORED_TOPIC || log.topics.length !== 2) return undefined
  try {
    const parsed = healthAnchorInterface.parseLog({ topics: [...log.topics], data: log.data })
    if (parsed === null) return undefined
    return {
      treeSize: Number(parsed.args.treeSize as bigint),
      root: (parsed.args.root as string).slice(2),
      txHash: log.transactionHash,
      blockNumber: log.blockNumber,
      contract: getAddress(log.address)
    }
  } catch {
    return undefined
  }
}

/** Where a deployment landed. */
export interface Deployment { contract: string, chainId: number, txHash: string, blockNumber: number }

/**
 * Deploys HealthAnchor with up to three immutable anchorers (default: the deployer alone) and waits for it.
 * @throws RangeError for no or more than three anchorers; ethers errors from the chain (callers map them)
 */
export async function deployHealthAnchor (runner: ContractRunner & { getAddress(): Promise<string> }, anchorers?: string[]): Promise<Deployment> {
  const list = (anchorers === undefined || anchorers.length === 0 ? [await runner.getAddress()] : anchorers).map((a) => getAddress(a))
  if (list.length > 3) throw new RangeError('HealthAnchor takes at most three anchorers')
  while (list.length < 3) list.push('0x0000000000000000000000000000000000000000')
  const factory = new ContractFactory(HEALTH_ANCHOR_ARTIFACT.abi as string[], HEALTH_ANCHOR_ARTIFACT.bytecode, runner)
  const contract = await factory.deploy(...list)
  const tx = contract.deploymentTransaction()!
  const receipt = await tx.wait()
  if (receipt === null || receipt.status !== 1) throw makeError('the HealthAnchor deployment failed', 'ANCHOR_REJECTED', { txHash: tx.hash })
  return { contract: getAddress(await contract.getAddress()), chainId: Number(tx.chainId), txHash: tx.hash, blockNumber: receipt.blockNumber }
}
