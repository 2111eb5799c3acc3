/**
 * Starts and drives body-node.ts processes on loopback (tests and benches): keys and free ports are
 * chosen here, so every node's peer list is known before any starts.
 */
import { spawn } from 'node:child_process'
import type { ChildProcessByStdio } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { generateKeyPair, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { ClusterPeer } from '../../src/adapters/helia-cluster/index.ts'
import { freePort } from '../support/postgres-server.ts'

/** A planned member: name, identity, address; `start` spawns it. */
export interface PlannedNode { name: string, key: string, peer: ClusterPeer }

/** A running node process. */
export interface BodyNode {
  name: string
  peerId: string
  child: ChildProcessByStdio<Writable, Readable, Readable>
  exited: Promise<number | null>
  call<T = unknown>(op: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>
  stderr(): string
}

/** Keys, ports and the shared peer list for `names`. */
export async function planCluster (names: string[]): Promise<{ nodes: PlannedNode[], peers: ClusterPeer[] }> {
  const nodes: PlannedNode[] = []
  for (const name of names) {
    const key = await generateKeyPair('Ed25519')
    nodes.push({
      name,
      key: Buffer.from(privateKeyToProtobuf(key)).toString('hex'),
      peer: { peerId: peerIdFromPrivateKey(key).toString(), addr: `/ip4/127.0.0.1/tcp/${await freePort()}` }
    })
  }
  return { nodes, peers: nodes.map((n) => n.peer) }
}

/** Temporary data folders, removed by `cleanup`. */
export async function tempDirs (): Promise<{ make(): Promise<string>, cleanup(): Promise<void> }> {
  const dirs: string[] = []
  return {
    async make () { const d = await mkdtemp(join(tmpdir(), 'medledger-body-node-')); dirs.push(d); return d },
    async cleanup () { await Promise.all(dirs.splice(0).map(async (d) => rm(d, { recursive: true, force: true }))) }
  }
}

/** Spawns `plan` as a process and waits until it listens (at most 30 s). */
export async function startNode (plan: PlannedNode, peers: ClusterPeer[], options: { dir: string, pinSetUrl: string, replicas?: number, readTimeoutMs?: number, dialOnStart?: boolean }): Promise<BodyNode> {
  const child = spawn(process.execPath, [new URL('./body-node.ts', import.meta.url).pathname], {
    env: {
      ...process.env,
      NODE_DIR: options.dir,
      NODE_KEY: plan.key,
      NODE_LISTEN: plan.peer.addr,
      NODE_PEERS: JSON.stringify(peers),
      PINSET_URL: options.pinSetUrl,
      REPLICAS: String(options.replicas ?? 2),
      READ_TIMEOUT_MS: String(options.readTimeoutMs ?? 10_000),
      DIAL_ON_START: options.dialOnStart === false ? '0' : '1'
    },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); if (process.env.BODY_NODE_STDERR === '1') process.stderr.write(d) })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { resolve(code) }))
  const pending = new Map<number, { resolve(v: unknown): void, reject(e: Error): void }>()
  let nextId = 1
  let onReady!: (peerId: string) => void
  const ready = new Promise<string>((resolve) => { onReady = resolve })
  createInterface({ input: child.stdout }).on('line', (line) => {
    const msg = JSON.parse(line) as { ready?: boolean, peerId?: string, id?: number, result?: unknown, error?: { code: string, message: string } }
    if (msg.ready === true) { onReady(msg.peerId!); return }
    const p = pending.get(msg.id!)
    if (p === undefined) return
    pending.delete(msg.id!)
    if (msg.error !== undefined) p.reject(Object.assign(new Error(`${plan.name}: ${msg.error.message}`), { code: msg.error.code }))
    else p.resolve(msg.result)
  })
  void exited.then(() => { for (const p of pending.values()) p.reject(new Error(`${plan.name} exited`)) })
  const peerId = await Promise.race([
    ready,
    exited.then((code) => { throw new Error(`${plan.name} exited (${code}) before it was ready: ${stderr}`) }),
    new Promise<never>((_resolve, reject) => setTimeout(() => { reject(new Error(`${plan.name} not ready in 30 s: ${stderr}`)) }, 30_000).unref())
  ])
  return {
    name: plan.name,
    peerId,
    child,
    exited,
    stderr: () => stderr,
    async call<T> (op: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
      const id = nextId++
      const result = new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve, reject })
        setTimeout(() => { if (pending.delete(id)) reject(new Error(`${plan.name} ${op} timed out`)) }, timeoutMs).unref()
      })
      child.stdin.write(`${JSON.stringify({ id, op, ...args })}\n`)
      return result
    }
  }
}

/** Ends a node: closes stdin (it closes its store and exits), SIGKILL after 10 s. */
export async function stopNode (node: BodyNode): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return
  node.child.stdin.end()
  const timer = setTimeout(() => { node.child.kill('SIGKILL') }, 10_000)
  await node.exited
  clearTimeout(timer)
}
