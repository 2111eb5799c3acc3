#!/usr/bin/env node
/**
 * Verifies a medledger proof bundle (`medledger proof <recordId> --out bundle.json`) with ethers alone:
 *   1. leaf hash = SHA-256(0x00 || entry line)                       (RFC 9162 §2.1.1)
 *   2. the inclusion path leads from that leaf to the block's root   (RFC 9162 §2.1.3.2)
 *   3. the block's signature recovers to its signer (and to --signer, when given)
 *   4. the anchoring transaction succeeded on the chain behind --rpc, from the bundle's contract, and its
 *      Anchored(treeSize, root) event carries exactly this block's tree head.
 * Usage: node anchors/verify-bundle.mjs <bundle.json> --rpc <url> [--signer 0x…]
 * Exit 0 when every check passes, 1 naming the first that fails, 2 for bad usage.
 */
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { FetchRequest, JsonRpcProvider, Network, concat, getAddress, id, recoverAddress, sha256, toUtf8Bytes, zeroPadValue, toBeHex } from 'ethers'

/** Checks `bundle` against the chain behind `rpcUrl`; resolves with the facts, rejects naming the first failure. */
export async function verifyBundle (bundle, rpcUrl, expectedSigner) {
  const { entry, inclusion, block, anchor } = bundle
  if (bundle.format !== 'medledger-proof-bundle/1') throw new Error('not a medledger proof bundle')
  const leaf = sha256(concat(['0x00', toUtf8Bytes(entry.line)]))
  if (leaf !== '0x' + inclusion.leafHash) throw new Error('the entry does not hash to the leaf hash')
  if (inclusion.treeSize !== block.treeSize) throw new Error('the proof is for another tree size than the block')
  const root = rootFromPath(leaf, entry.index, inclusion.treeSize, inclusion.path.map((h) => '0x' + h))
  if (root !== '0x' + block.root) throw new Error('the inclusion proof does not lead to the block root')
  const { height, prevHash, treeSize, time, signer } = block
  const digest = sha256(toUtf8Bytes(canonical({ height, prevHash, treeSize, root: block.root, time, signer })))
  if (recoverAddress(digest, block.signature) !== getAddress(signer)) throw new Error('the block signature is not by its signer')
  if (expectedSigner !== undefined && getAddress(expectedSigner) !== getAddress(signer)) throw new Error(`the block is signed by ${signer}, not ${expectedSigner}`)
  const request = new FetchRequest(rpcUrl)
  request.timeout = 30_000
  request.body = { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }
  const answer = await request.send()
  answer.assertOk()
  const network = Network.from(BigInt(answer.bodyJson.result))
  if (Number(network.chainId) !== anchor.chainId) throw new Error(`the RPC is chain ${network.chainId}, the anchor is on chain ${anchor.chainId}`)
  const provider = new JsonRpcProvider(rpcUrl, network, { staticNetwork: network, batchMaxCount: 1 })
  try {
    const receipt = await provider.getTransactionReceipt(anchor.txHash)
    if (receipt === null) throw new Error(`transaction ${anchor.txHash} is not on chain`)
    if (receipt.status !== 1) throw new Error(`transaction ${anchor.txHash} reverted`)
    const topic0 = id('Anchored(uint64,bytes32)')
    const log = receipt.logs.find((l) => getAddress(l.address) === getAddress(anchor.contract) && l.topics[0] === topic0)
    if (log === undefined) throw new Error(`transaction ${anchor.txHash} emitted no Anchored event from ${anchor.contract}`)
    if (log.topics[1] !== zeroPadValue(toBeHex(block.treeSize), 32)) throw new Error('the anchored tree size differs from the block')
    if (log.data !== '0x' + block.root) throw new Error('the anchored root differs from the block root')
    return { index: entry.index, treeSize: block.treeSize, root: block.root, signer, chainId: anchor.chainId, txHash: anchor.txHash, blockNumber: receipt.blockNumber }
  } finally {
    provider.destroy()
  }
}

/** RFC 9162 §2.1.3.2: the root an inclusion path leads to, or undefined when the path has the wrong shape. */
function rootFromPath (leaf, index, size, path) {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return undefined
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of path) {
    if (sn === 0) return undefined
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(concat(['0x01', p, r]))
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2) }
    } else {
      r = sha256(concat(['0x01', r, p]))
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2)
  }
  return sn === 0 ? r : undefined
}

/** Canonical JSON of a flat object of strings and integers: keys sorted, no whitespace. */
function canonical (obj) {
  return '{' + Object.keys(obj).sort().map((k) => JSON.stringify(k) + ':' + JSON.stringify(obj[k])).join(',') + '}'
}

async function main (argv) {
  const file = argv[0]
  const rpc = argv[argv.indexOf('--rpc') + 1]
  const signer = argv.includes('--signer') ? argv[argv.indexOf('--signer') + 1] : undefined
  if (file === undefined || file.startsWith('--') || !argv.includes('--rpc') || rpc === undefined) {
    process.stderr.write('usage: node anchors/verify-bundle.mjs <bundle.json> --rpc <url> [--signer 0x…]\n')
    return 2
  }
  try {
    const facts = await verifyBundle(JSON.parse(readFileSync(file, 'utf8')), rpc, signer)
    process.stdout.write(`OK: entry ${facts.index} is in the tree of ${facts.treeSize} entries with root ${facts.root}, signed by ${facts.signer}, anchored on chain ${facts.chainId} by ${facts.txHash} (block ${facts.blockNumber})\n`)
    return 0
  } catch (err) {
    process.stdout.write(`FAILED: ${err instanceof Error ? err.message : String(err)}\n`)
    return 1
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main(process.argv.slice(2))
