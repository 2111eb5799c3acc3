import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const repo = resolve(import.meta.dirname, '../..')

/** Hardhat's well-known first development account (funded with 10,000 ETH on every fresh node). */
export const HARDHAT_KEY_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
/** Hardhat's second development account: funded, but not an anchorer. */
export const HARDHAT_KEY_1 = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'

export interface HardhatNode { url: string, stop(): Promise<void> }

/**
 * Starts a real Hardhat 3 JSON-RPC node (`hardhat node`, EDR, automine) on a free loopback port, in a temp
 * project whose minimal config the node needs and whose node_modules links to this repo's (Hardhat refuses
 * a non-local installation). Resolves once it listens; `stop` kills it and removes the folder.
 */
export async function startHardhatNode (): Promise<HardhatNode> {
  const dir = mkdtempSync(join(tmpdir(), 'medledger-hardhat-'))
  writeFileSync(join(dir, 'package.json'), '{"name":"medledger-test-chain","private":true,"type":"module"}\n')
  writeFileSync(join(dir, 'hardhat.config.js'), 'export default {}\n')
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir')
  const child = spawn(process.execPath, [join(repo, 'node_modules/hardhat/dist/src/cli.js'), 'node', '--hostname', '127.0.0.1', '--port', '0'], {
    cwd: dir, env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true', DO_NOT_TRACK: '1' }, stdio: ['ignore', 'pipe', 'pipe']
  })
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const url = await new Promise<string>((done, fail) => {
      let out = ''
      const timer = setTimeout(() => fail(new Error(`hardhat node did not start in 30 s:\n${out}`)), 30_000)
      const onData = (chunk: Buffer): void => {
        out += chunk.toString()
        const m = /JSON-RPC server at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)
        if (m !== null) { clearTimeout(timer); child.stdout.off('data', onData); child.stdout.resume(); done(m[1]!) }
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', (c: Buffer) => { out += c.toString() })
      child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`hardhat node exited (${code}):\n${out}`)) })
    })
    return { url, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
