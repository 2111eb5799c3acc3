// `npm start` on a fresh data folder: the gateway serves the generated demo within 60 s, demo users get
// tokens from `medledger token --as <alias>`, and a restart keeps (and describes) the same demo.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { codes, freePort, post } from '../gateway/helpers.ts'
import { runCli, runCliAsync, tempDir } from '../support/data.ts'

const MAIN = join(import.meta.dirname, '../../src/cli/main.ts')

async function startServe (dataDir: string, port: number): Promise<{ child: ChildProcess, output: () => string, ms: number }> {
  const started = performance.now()
  const child = spawn(process.execPath, [MAIN, 'serve', '--port', String(port), '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (c: Buffer) => { output += c.toString() })
  child.stderr.on('data', (c: Buffer) => { output += c.toString() })
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('token --as')) { clearInterval(timer); resolve() }
    }, 50)
    child.once('exit', (code) => { clearInterval(timer); reject(new Error(`serve exited ${code}:\n${output}`)) })
  })
  return { child, output: () => output, ms: performance.now() - started }
}

async function stop (child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  return exited
}

describe('npm start: the demo', () => {
  const tmp = tempDir('medledger-demo-')
  afterAll(() => tmp.cleanup())

  it('serves generated demo data within 60 s, readable with a demo user token, and keeps it across a restart', async () => {
    const dataDir = join(tmp.dir, 'data')
    const port = await freePort()
    const first = await startServe(dataDir, port)
    const url = `http://127.0.0.1:${port}/graphql`
    try {
      expect(first.ms).toBeLessThan(60_000)
      expect(first.output()).toContain(`medledger gateway on ${url}`)
      for (const alias of ['alice', 'bob', 'carol', 'dr-li', 'dr-chen', 'admin', 'researcher', 'insurer', 'auditor', 'regulator']) expect(first.output()).toMatch(new RegExp(`^\\s+${alias}\\s`, 'm'))

      const token = (await runCliAsync(['token', '--as', 'alice', '--data', dataDir])).stdout.trim()
      expect(token.split('.')).toHaveLength(3)
      const auth = { authorization: `Bearer ${token}` }
      const me = await post(url, { query: '{ me { roles patient { id } } }' }, auth)
      expect(me.body.errors).toBeUndefined()
      const patientId = ((me.body.data!.me as { patient: { id: string } }).patient).id
      const view = await post(url, {
        query: `query ($p: ID!) { patient(id: $p) { records(first: 50) { totalCount edges { node { resourceType codes } } }
          emergencyThreshold emergencyContacts { status person { id } } } organizations { name location { latitude longitude } verification { status entryIndex } } ledgerHead { height treeSize } }`,
        variables: { p: patientId }
      }, auth)
      expect(view.body.errors).toBeUndefined()
      const data = view.body.data as { patient: { records: { totalCount: number, edges: Array<{ node: { resourceType: string } }> }, emergencyThreshold: number, emergencyContacts: unknown[] }, organizations: Array<{ location: unknown, verification: { status: string, entryIndex: number | null } }>, ledgerHead: { treeSize: number } }
      expect(data.patient.records.totalCount).toBe(16)
      expect(new Set(data.patient.records.edges.map((e) => e.node.resourceType))).toEqual(new Set(['Encounter', 'Condition', 'AllergyIntolerance', 'MedicationRequest', 'Observation']))
      expect(data.patient.emergencyThreshold).toBe(2)
      expect(data.patient.emergencyContacts).toHaveLength(2)
      expect(data.organizations).toHaveLength(2)
      expect(data.organizations.every((o) => o.location !== null)).toBe(true)
      // demo hospitals are verified when seeded, each verification a ledger entry
      expect(data.organizations.map((o) => o.verification.status)).toEqual(['VERIFIED', 'VERIFIED'])
      expect(data.organizations.every((o) => typeof o.verification.entryIndex === 'number')).toBe(true)
      expect(data.ledgerHead.treeSize).toBeGreaterThanOrEqual(16)
      const score = await post(url, { query: 'query ($p: ID!) { patient(id: $p) { healthScore { score grade missing coverage } } }', variables: { p: patientId } }, auth)
      expect(score.body.errors).toBeUndefined()
      const health = (score.body.data!.patient as { healthScore: { score: number, grade: string, missing: string[], coverage: number } }).healthScore
      expect(health.missing).toEqual(['DIET'])
      expect(health.coverage).toBeCloseTo(7 / 8)
      expect(health.score).toBeGreaterThan(0)
      // the demo prescription is priced and dosed, so its medication check has a verdict
      const checks = await post(url, { query: 'query ($p: ID!) { patient(id: $p) { medicationChecks { rxnorm price { status standard } quantity { status course } } } }', variables: { p: patientId } }, auth)
      expect(checks.body.errors).toBeUndefined()
      expect((checks.body.data!.patient as { medicationChecks: unknown[] }).medicationChecks).toEqual([{ rxnorm: '314076', price: { status: 'OK', standard: 0.04 }, quantity: { status: 'OK', course: 90 } }])

      const bobToken = (await runCliAsync(['token', '--as', 'bob', '--data', dataDir])).stdout.trim()
      const denied = await post(url, { query: 'query ($p: ID!) { patient(id: $p) { records { totalCount } } }', variables: { p: patientId } }, { authorization: `Bearer ${bobToken}` })
      expect(codes(denied)).toContain('FORBIDDEN')
    } finally {
      expect(await stop(first.child)).toBe(0)
    }

    const again = await startServe(dataDir, port)
    try {
      const before = first.output().match(/^\s+alice\s.*$/m)![0]
      expect(again.output()).toContain(before)
    } finally {
      expect(await stop(again.child)).toBe(0)
    }
    expect(runCli(['verify', '--data', dataDir]).status).toBe(0)
  }, 120_000)
})
