import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import type { SubgraphName } from '../../src/gateway/compose.ts'

const MAIN = join(import.meta.dirname, '../../src/cli/main.ts')
const FAKE = join(import.meta.dirname, 'fake-subgraph-process.ts')

/** A child process running one subgraph, its URL, and how to stop it (SIGTERM, resolving to its exit code). */
export interface SubgraphProcess {
  url: string
  child: ChildProcess
  stop(): Promise<number | null>
}

/**
 * Spawns `medledger subgraph <name> --port <port> --data <dir>` with the Node running the tests (or the
 * stand-in script when `real` is false) and waits for its "listening on" line.
 * @throws Error with the child's output when it exits or stays silent for 30 s
 */
export async function spawnSubgraph (name: SubgraphName, port: number, dataDir: string, real: boolean): Promise<SubgraphProcess> {
  const args = real ? [MAIN, 'subgraph', name, '--port', String(port), '--data', dataDir] : [FAKE, name, String(port), dataDir]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'development' } })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subgraph ${name} did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /subgraph \w+ listening on (\S+)/.exec(output)
      if (match !== null) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`subgraph ${name} exited with ${code}:\n${output}`))
    })
  })
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })
  return {
    url,
    child,
    async stop () {
      child.kill('SIGTERM')
      return exited
    }
  }
}
