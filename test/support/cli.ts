import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'

const main = join(import.meta.dirname, '../../src/cli/main.ts')

export interface CliResult { status: number, stdout: string, stderr: string }

/** Runs `medledger …` in a child process with the Node running the tests. */
export function runCli (args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 })
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

/**
 * {@link runCli} without blocking the event loop: use it between HTTP requests to a server, since a blocked
 * loop keeps fetch from retiring keep-alive sockets the server has already closed ("socket closed").
 */
export async function runCliAsync (args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], { env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => { stdout += c })
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c })
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000)
    child.on('error', reject)
    child.on('close', (code) => { clearTimeout(timer); resolve({ status: code ?? -1, stdout, stderr }) })
  })
}
