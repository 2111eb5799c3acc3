/**
 * A JSON-RPC connection that tolerates a chain that is down: the chain id is detected lazily (ethers' own
 * start-up would retry forever and log every second), every request has a timeout, and failures surface
 * as MedledgerError CHAIN_UNAVAILABLE.
 */
import { readFileSync } from 'node:fs'
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { FetchRequest, JsonRpcProvider, Network, Wallet } from 'ethers'
import { makeError } from '../../core/errors.ts'

export interface ChainOptions {
  /** Per-request timeout in ms (default 10,000). */
  timeoutMs?: number
}

/** One RPC endpoint, connected on first use. */
export class Chain {
  readonly url: string
  private readonly timeoutMs: number
  private connected: JsonRpcProvider | undefined
  private id = 0
  // A connection per request: anchoring is rare, and no pooled socket outlives an outage to fail the next call.
  private readonly getUrl: ReturnType<typeof FetchRequest.createGetUrlFunc>

  constructor (url: string, options: ChainOptions = {}) {
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw makeError('an RPC URL must be http(s)://…', 'BAD_INPUT')
    this.url = url
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.getUrl = FetchRequest.createGetUrlFunc({ agent: url.startsWith('https:') ? new HttpsAgent({ keepAlive: false }) : new HttpAgent({ keepAlive: false }) })
  }

  /**
   * The provider, its network fixed to the chain id the endpoint reports.
   * @throws MedledgerError CHAIN_UNAVAILABLE when the endpoint does not answer eth_chainId
   */
  async provider (): Promise<JsonRpcProvider> {
    if (this.connected !== undefined) return this.connected
    const chainId = await guard('eth_chainId', async () => {
      const req = this.request()
      req.body = { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }
      const res = await req.send()
      res.assertOk()
      return BigInt((res.bodyJson as { result: string }).result)
    })
    const network = Network.from(chainId)
    this.id = Number(chainId)
    this.connected = new JsonRpcProvider(this.request(), network, { staticNetwork: network, batchMaxCount: 1, pollingInterval: 250 })
    return this.connected
  }

  /** The chain id; throws CHAIN_UNAVAILABLE like {@link provider}. */
  async chainId (): Promise<number> {
    await this.provider()
    return this.id
  }

  /** Drops the connection (a later call reconnects). Throws nothing. */
  close (): void {
    this.connected?.destroy()
    this.connected = undefined
  }

  private request (): FetchRequest {
    const req = new FetchRequest(this.url)
    req.timeout = this.timeoutMs
    req.getUrlFunc = this.getUrl
    return req
  }


}

/**
 * Runs one chain call, turning any transport or node failure into CHAIN_UNAVAILABLE.
 * @throws MedledgerError CHAIN_UNAVAILABLE (the cause attached), or the MedledgerError `fn` threw
 */
export async function guard<T> (what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof Error && err.name === 'MedledgerError') throw err
    throw makeError(`chain call ${what} failed`, 'CHAIN_UNAVAILABLE', { what }, err)
  }
}

/**
 * The anchoring wallet from a key file: its first line is a 0x-prefixed 32-byte private key (keep it 0600).
 * @throws MedledgerError BAD_INPUT when the file is missing or holds no key
 */
export function readKeyFile (path: string): Wallet {
  let text: string
  try { text = readFileSync(path, 'utf8') } catch (err) { throw makeError(`cannot read key file ${path}`, 'BAD_INPUT', {}, err) }
  const key = text.trim().split(/\s+/)[0] ?? ''
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key)) throw makeError(`key file ${path} holds no 32-byte hex private key`, 'BAD_INPUT')
  return new Wallet(key.startsWith('0x') ? key : '0x' + key)
}
