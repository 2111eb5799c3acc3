import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CID } from 'multiformats/cid'
import { openDataDir } from '../../src/spine/data-dir.ts'
import { verifyDataDir } from '../../src/spine/verify.ts'
import { tempDir } from '../support/data.ts'

const TOTAL = 10_000
const writer = join(import.meta.dirname, 'writer.ts')

/**
 * Runs the writer; kills it with SIGKILL `kill.delayMs` after its `kill.afterAcks`-th ack of this run (or lets it
 * finish). Counting acks, not time, keeps every kill mid-run however fast the writer gets; the short random delay
 * lands the kill anywhere in a batch. Returns the highest ack seen.
 */
async function runWriter (dir: string, kill?: { afterAcks: number, delayMs: number }): Promise<{ lastAck: number, done: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, dir, String(TOTAL), '100'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let lastAck = -1
    let acks = 0
    let done = false
    let buffered = ''
    let stderr = ''
    let timer: NodeJS.Timeout | undefined
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk
      const lines = buffered.split('\n')
      buffered = lines.pop()!
      for (const line of lines) {
        if (line.startsWith('ack ')) {
          lastAck = Number(line.slice(4))
          acks++
          if (kill !== undefined && timer === undefined && acks >= kill.afterAcks) timer = setTimeout(() => child.kill('SIGKILL'), kill.delayMs)
        }
        if (line === 'done') done = true
      }
    })
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`writer exited ${code}: ${stderr}`))
      else resolve({ lastAck, done })
    })
  })
}

describe('crash safety: SIGKILL at random moments while writing 10,000 records', () => {
  const tmp = tempDir('medledger-crash-')
  const acked: number[] = []

  beforeAll(async () => {
    for (let round = 0; round < 4; round++) {
      // an ack is a batch of 100: at most 4 × (2,000 records + what the delay lets through) < 10,000, so the
      // final run always has work left
      const { lastAck } = await runWriter(tmp.dir, { afterAcks: 1 + Math.floor(Math.random() * 20), delayMs: Math.floor(Math.random() * 20) })
      acked.push(lastAck)
    }
    const final = await runWriter(tmp.dir)
    expect(final.done).toBe(true)
    acked.push(final.lastAck)
  }, 600_000)
  afterAll(() => tmp.cleanup())

  it('was really killed mid-run before it finished', () => {
    expect(acked.slice(0, 4).some((a) => a < TOTAL - 1)).toBe(true)
    expect(acked.at(-1)).toBe(TOTAL - 1)
  })

  it('verify passes after restart', async () => {
    const report = await verifyDataDir(tmp.dir)
    expect(report.problems).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.records).toBe(TOTAL)
  })

  it('holds every acknowledged record exactly once, readable, and no ledger entry points to a missing body', async () => {
    const data = await openDataDir(tmp.dir)
    try {
      expect(data.index.count()).toBe(TOTAL)
      const seen = new Set<string>()
      for (const { entry } of data.ledger.entries()) {
        if (entry.type !== 'RecordAnchored') continue
        const e = entry as unknown as { recordId: string, cid: string, version: number }
        expect(seen.has(e.recordId)).toBe(false)
        seen.add(e.recordId)
        expect(e.version).toBe(1)
        expect(await data.bodies.has(CID.parse(e.cid))).toBe(true)
      }
      expect(seen.size).toBe(TOTAL)
      for (const i of [0, ...acked.filter((a) => a >= 0), TOTAL - 1]) {
        const { resource } = await data.spine.read(`crash-${i}`)
        expect(resource.id).toBe(`crash-${i}`)
      }
    } finally {
      await data.close()
    }
  })
})
