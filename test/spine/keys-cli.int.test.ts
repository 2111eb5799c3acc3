import { statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dataPaths, openDataDir } from '../../src/spine/data-dir.ts'
import { patientKeys, runCli, syntheaSample, tempDir } from '../support/data.ts'

describe('medledger keys', () => {
  it('creates keys once (0600), rotates the KEK with every DEK rewrapped, and verify still passes', async () => {
    const tmp = tempDir()
    try {
      const created = runCli(['keys', 'create', '--data', tmp.dir, '--json'])
      expect(created.status).toBe(0)
      const info = JSON.parse(created.stdout) as { kekVersion: number, signer: string }
      expect(info.kekVersion).toBe(1)
      expect(statSync(join(dataPaths(tmp.dir).keys, 'keys.json')).mode & 0o777).toBe(0o600)
      expect(created.stdout).not.toMatch(/"key"|[0-9a-f]{64}/)
      const shown = JSON.parse(runCli(['keys', 'show', '--data', tmp.dir, '--json']).stdout) as { signer: string }
      expect(shown.signer).toBe(info.signer)

      const data = await openDataDir(tmp.dir)
      const alice = patientKeys('alice')
      const rows = await data.spine.write(syntheaSample().slice(0, 12).map((resource) => ({ patient: alice, resource })), { actor: 'h' })
      await data.close()

      const rotated = runCli(['keys', 'rotate', '--data', tmp.dir, '--json'])
      expect(rotated.status).toBe(0)
      expect(JSON.parse(rotated.stdout)).toEqual({ version: 2, rewrapped: 12 })
      expect(runCli(['verify', '--data', tmp.dir]).status).toBe(0)

      const again = await openDataDir(tmp.dir)
      expect(again.index.record(rows[11]!.recordId)!.cid).toBe(rows[11]!.cid)
      expect((await again.spine.read(rows[11]!.recordId)).resource).toEqual(syntheaSample()[11])
      await again.close()
      expect(runCli(['keys', 'bogus', '--data', tmp.dir]).status).toBe(2)
    } finally {
      tmp.cleanup()
    }
  })

  it('exits non-zero with a typed message on an empty folder for verify', () => {
    const tmp = tempDir()
    try {
      const r = runCli(['verify', '--data', join(tmp.dir, 'nothing')])
      expect(r.status).toBe(1)
      expect(r.stdout).toContain('holds no medledger data')
    } finally {
      tmp.cleanup()
    }
  })
})
