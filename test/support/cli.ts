import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const main = join(import.meta.dirname, '../../src/cli/main.ts')

/** Runs `medledger …` in a child process with the Node running the tests. */
export function runCli (args: string[], env: Record<string, string> = {}): { status: number, stdout: string, stderr: string } {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 })
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}
