import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, seededRng, tempDir } from '../support/data.ts'
import { comparableState, NDJSON, openInstance } from './helpers.ts'

const main = join(import.meta.dirname, '../../src/cli/main.ts')
const args = (dir: string): string[] => ['import', NDJSON, '--hospital', 'hosp-a', '--data', dir, '--batch', '40', '--json']

/** Starts an import in a child process and SIGKILLs it after `ms`; resolves with whether it was still running. */
function killAfter (dir: string, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main, ...args(dir)], { stdio: 'ignore' })
    const timer = setTimeout(() => child.kill('SIGKILL'), ms)
    child.on('exit', (_code, signal) => { clearTimeout(timer); resolve(signal === 'SIGKILL') })
  })
}

/**
 * Acceptance: an import killed (SIGKILL) several times at random moments resumes to the same final state as
 * a clean run: the same index rows (CIDs and times aside: envelopes carry fresh nonces) and the same
 * RecordAnchored entries (record, version, actor, hash of the decrypted content), and the same counts.
 */
describe('import resumes after SIGKILL', () => {
  const tmp = tempDir('medledger-resume-')
  let clean: { rows: unknown[], anchored: string[] }
  let cleanSummary: Record<string, unknown>

  beforeAll(async () => {
    const r = runCli(args(join(tmp.dir, 'clean')))
    expect(r.status, r.stderr).toBe(0)
    cleanSummary = JSON.parse(r.stdout) as Record<string, unknown>
    const inst = await openInstance(join(tmp.dir, 'clean'))
    clean = await comparableState(inst.data)
    await inst.close()
  }, 60_000)
  afterAll(() => tmp.cleanup())

  it('ends in the clean run\'s state after being killed three times', async () => {
    const dir = join(tmp.dir, 'killed')
    const rng = seededRng(`resume ${Date.now()}`)
    let kills = 0
    for (let i = 0; i < 3; i++) {
      const ms = 400 + (rng.bytes(2)[0]! / 255) * 500
      if (await killAfter(dir, ms)) kills++
    }
    expect(kills).toBeGreaterThanOrEqual(2)
    const r = runCli(args(dir))
    expect(r.status, r.stderr).toBe(0)
    const summary = JSON.parse(r.stdout) as Record<string, unknown>
    expect(summary).toMatchObject({ status: 'DONE', total: 1416, rejected: 0, warnings: 0 })
    if (kills === 3) {
      // every child died mid-run: this run resumed the job and its counts are the clean run's
      expect(summary).toMatchObject({ imported: 1416 })
      expect(summary.imported).toBe(cleanSummary.imported)
    } else {
      // a child finished the job before its kill (a fast machine): this run re-ran it and found nothing new
      expect((summary.imported as number) + (summary.unchanged as number)).toBe(1416)
    }

    const inst = await openInstance(dir)
    const state = await comparableState(inst.data)
    await inst.close()
    expect(state.rows.length).toBe(1416)
    expect(state.anchored).toEqual(clean.anchored)
    expect(state.rows).toEqual(clean.rows)
  }, 60_000)
})
