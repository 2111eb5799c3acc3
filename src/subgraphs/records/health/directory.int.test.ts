// A review finding: which hospital a record version belongs to (what its admins may decrypt for monitoring).
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RecordRow } from '../../../ports/record-index.ts'
import { openHarness } from '../test-kit.ts'
import type { Harness } from '../test-kit.ts'
import { hospitalsOf } from './directory.ts'
import { ImportStateStore } from '../../../import/state-store.ts'

let h: Harness
const row = (recordId: string, version: number, actor: string): RecordRow =>
  ({ recordId, version, patientId: 'p', resourceType: 'MedicationRequest', codes: [], cid: '', entryIndex: version, actor, anchoredAt: 0 })

beforeAll(async () => {
  h = await openHarness()
  const identity = new DatabaseSync(join(h.dir, 'identity.db'))
  identity.exec('CREATE TABLE practitioners (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, organization_id TEXT NOT NULL, name TEXT NOT NULL)')
  identity.exec('CREATE TABLE api_keys (id TEXT PRIMARY KEY, organization_id TEXT NOT NULL)')
  identity.prepare('INSERT INTO practitioners VALUES (?, ?, ?, ?)').run('dr-a', 'acct-dr-a', 'org-a', 'Dr A')
  identity.close()
  // the import state's own schema (import.db), one resource hospital B imported
  new ImportStateStore(join(h.dir, 'import.db')).close()
  const imports = new DatabaseSync(join(h.dir, 'import.db'))
  imports.prepare('INSERT INTO resources (hospital, type, source_id, record_id, owner_id, version, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run('org-b', 'MedicationRequest', 's1', 'rec-1', 'p', 1, 'h')
  imports.close()
})

afterAll(async () => { await h.close() })

describe('hospitalsOf', () => {
  it('gives a version to the hospital of the practitioner who wrote it, before the one that imported the record', async () => {
    // version 1 imported by hospital B's admin (no practitioner), version 2 written by hospital A's doctor
    const byVersion = await Promise.all([row('rec-1', 1, 'account:acct-admin-b'), row('rec-1', 2, 'account:acct-dr-a')].map(async (r) => (await hospitalsOf(h.services, [r])).get('rec-1')))
    expect(byVersion).toEqual(['org-b', 'org-a'])
    expect((await hospitalsOf(h.services, [row('rec-2', 1, 'account:acct-dr-a')])).get('rec-2')).toBe('org-a')
    expect((await hospitalsOf(h.services, [row('rec-3', 1, 'account:acct-patient')])).has('rec-3')).toBe(false)
  })
})
