// `medledger serve` and `medledger token` as real processes: start, answer, mint a token, stop on SIGTERM.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliAsync, tempDir } from '../support/data.ts'
import { freePort, post } from './helpers.ts'

const MAIN = join(import.meta.dirname, '../../src/cli/main.ts')

describe('medledger serve and token', () => {
  const tmp = tempDir()
  let child: ChildProcess
  let url: string
  let output = ''

  beforeAll(async () => {
    const port = await freePort()
    child = spawn(process.execPath, [MAIN, 'serve', '--port', String(port), '--data', tmp.dir], { stdio: ['ignore', 'pipe', 'pipe'] })
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString() })
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 45_000)
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        const match = /gateway on (\S+)/.exec(output)
        if (match !== null) {
          clearTimeout(timer)
          resolve(match[1]!)
        }
      })
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)))
    })
  })
  /** Signs `wallet` in through the served gateway (SIWE), creating its account on first use. */
  async function signIn (wallet: Pick<Wallet, 'address' | 'signMessage'>): Promise<{ accountId: string, token: string }> {
    const challenge = await post(url, { query: 'mutation ($a: String!) { siweChallenge(address: $a) { message } }', variables: { a: wallet.address } })
    const message = (challenge.body.data!.siweChallenge as { message: string }).message
    const reply = await post(url, {
      query: 'mutation ($m: String!, $s: String!) { signIn(message: $m, signature: $s) { token account { id } } }',
      variables: { m: message, s: await wallet.signMessage(message) }
    })
    const session = reply.body.data!.signIn as { token: string, account: { id: string } }
    return { accountId: session.account.id, token: session.token }
  }

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
    tmp.cleanup()
  })

  it('serves the gateway on the given port', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/)
    const reply = await post(url, { query: '{ researchCorpus { k } }' })
    expect(reply.status).toBe(200)
    expect(reply.body.errors).toBeUndefined()
  })

  it('mints a token for an existing account while serve runs, by address or account id', async () => {
    const wallet = Wallet.createRandom()
    const { accountId } = await signIn(wallet)

    for (const who of [wallet.address.toLowerCase(), accountId]) {
      const r = await runCliAsync(['token', '--as', who, '--data', tmp.dir])
      expect(r.status, r.stderr).toBe(0)
      const me = await post(url, { query: '{ me { id } }' }, { authorization: `Bearer ${r.stdout.trim()}` })
      expect(me.body.data).toEqual({ me: { id: accountId } })
    }
    const unknown = await runCliAsync(['token', '--as', Wallet.createRandom().address, '--data', tmp.dir])
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toContain('NOT_FOUND')
  })

  it('grants an operator role to a signed-in account while serve runs; the next request has it', async () => {
    const wallet = Wallet.createRandom()
    const auth = { authorization: `Bearer ${(await signIn(wallet)).token}` }
    expect((await post(url, { query: '{ me { roles } }' }, auth)).body.data).toEqual({ me: { roles: [] } })
    const granted = await runCliAsync(['role', 'grant', 'RESEARCHER', '--as', wallet.address, '--data', tmp.dir])
    expect(granted.status, granted.stderr).toBe(0)
    expect((await post(url, { query: '{ me { roles } }' }, auth)).body.data).toEqual({ me: { roles: ['RESEARCHER'] } })
    const bad = await runCliAsync(['role', 'grant', 'HOSPITAL_ADMIN', '--as', wallet.address, '--data', tmp.dir])
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain('BAD_INPUT')
    const nobody = await runCliAsync(['role', 'grant', 'INSURER', '--as', Wallet.createRandom().address, '--data', tmp.dir])
    expect(nobody.stderr).toContain('NOT_FOUND')
  })

  it('verifies and suspends an organization while serve runs; serve appends the ledger entries', async () => {
    const admin = { authorization: `Bearer ${(await signIn(Wallet.createRandom())).token}` }
    const created = await post(url, { query: 'mutation { registerOrganization(input: { name: "Harbour Clinic" }) { id verification { status } } }' }, admin)
    const org = created.body.data!.registerOrganization as { id: string, verification: { status: string } }
    expect(org.verification.status).toBe('UNVERIFIED')
    const status = async (): Promise<{ status: string, by: string | null, entryIndex: number | null, reason: string | null }> =>
      ((await post(url, { query: 'query ($o: ID!) { organization(id: $o) { verification { status by entryIndex reason } } }', variables: { o: org.id } })).body.data!.organization as { verification: never }).verification
    const until = async (want: string): Promise<void> => {
      for (let i = 0; i < 100 && ((await status()).status !== want || (await status()).entryIndex === null); i++) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const verified = await runCliAsync(['org', 'verify', org.id, '--data', tmp.dir])
    expect(verified.status, verified.stderr).toBe(0)
    await until('VERIFIED')
    expect(await status()).toMatchObject({ status: 'VERIFIED', by: expect.stringMatching(/^operator:/) as string, entryIndex: expect.any(Number) as number })
    const noReason = await runCliAsync(['org', 'suspend', org.id, '--data', tmp.dir])
    expect(noReason.status).toBe(1)
    expect(noReason.stderr).toContain('BAD_INPUT')
    const suspended = await runCliAsync(['org', 'suspend', org.id, '--reason', 'licence withdrawn', '--data', tmp.dir])
    expect(suspended.status, suspended.stderr).toBe(0)
    await until('SUSPENDED')
    const after = await status()
    expect(after).toMatchObject({ status: 'SUSPENDED', reason: 'licence withdrawn' })
    expect(after.entryIndex).toBeGreaterThan(0)
    const listed = await runCliAsync(['org', 'list', '--json', '--data', tmp.dir])
    expect(JSON.parse(listed.stdout)).toContainEqual({ id: org.id, name: 'Harbour Clinic', verification: 'SUSPENDED' })
    expect((await runCliAsync(['org', 'verify', 'no-such-org', '--data', tmp.dir])).stderr).toContain('NOT_FOUND')
  })

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(output).toContain('SIGTERM: stopping')
  })
})
