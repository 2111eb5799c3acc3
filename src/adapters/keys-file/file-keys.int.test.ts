import { copyFileSync, readFileSync, statSync, writeFileSync, chmodSync, rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { inspect } from 'node:util'
import { getBytes, keccak256, recoverAddress, toUtf8Bytes } from 'ethers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isError } from '../../core/errors.ts'
import type { ErrorCode } from '../../core/errors.ts'
import type { RecordBinding } from '../../core/types.ts'
import { systemRng } from '../../ports/clock.ts'
import type { KeyedDek, Keys } from '../../ports/keys.ts'
import { openFileKeys } from './file-keys.ts'

let dir: string
/** The parts of keys.json these tests read or tamper with. */
interface KeyFileJson { keks: Array<{ key: string }>, ledgerSigner: { address: string, privateKey: string } }

const opened: Keys[] = []
const savedEnv = process.env.MEDLEDGER_KEK

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'medledger-keys-'))
  delete process.env.MEDLEDGER_KEK
})

afterEach(async () => {
  for (const k of opened.splice(0)) k.close()
  if (savedEnv === undefined) delete process.env.MEDLEDGER_KEK
  else process.env.MEDLEDGER_KEK = savedEnv
  await rm(dir, { recursive: true, force: true })
})

function open (): Keys {
  const keys = openFileKeys({ dir, rng: systemRng, clock: { now: () => 1_700_000_000_000 } })
  opened.push(keys)
  return keys
}

function codeOf (fn: () => unknown): ErrorCode | 'none' | 'other' {
  try {
    fn()
    return 'none'
  } catch (err) {
    const code = (err as { code?: ErrorCode }).code
    return code !== undefined && isError(err, code) ? code : 'other'
  }
}

function item (recordId: string, version = 1, patientId = 'pat-1'): KeyedDek {
  return { binding: { recordId, version, patientId }, dek: systemRng.bytes(32) }
}

const keyFile = () => join(dir, 'keys.json')

function rawRows (): Array<{ kek_version: number, wrapped: Uint8Array }> {
  const db = new DatabaseSync(join(dir, 'keystore.db'))
  try {
    return db.prepare('SELECT kek_version, wrapped FROM wrapped_keys').all() as Array<{ kek_version: number, wrapped: Uint8Array }>
  } finally {
    db.close()
  }
}

describe('openFileKeys: data keys', () => {
  it('wraps and unwraps DEKs, and reports their bindings', () => {
    const keys = open()
    const items = [item('obs-1', 1), item('obs-1', 2), item('cond-1', 1, 'pat-2')]
    keys.wrapDeks(items)
    for (const { binding, dek } of items) expect(keys.unwrapDek(binding)).toEqual(dek)
    expect(keys.currentKekVersion()).toBe(1)
    expect(keys.binding('cond-1', 1)).toEqual({ recordId: 'cond-1', version: 1, patientId: 'pat-2', kekVersion: 1 })
    expect(keys.binding('cond-1', 2)).toBeUndefined()
    expect([...keys.bindings()].map(b => `${b.recordId}@${b.version}`).sort()).toEqual(['cond-1@1', 'obs-1@1', 'obs-1@2'])
  })

  it('rewrapping a binding replaces the key (a retried write after a crash); another patient on it is a CONFLICT that rolls back the batch', () => {
    const keys = open()
    const first = item('obs-1')
    keys.wrapDeks([first])
    const retried = { ...first, dek: systemRng.bytes(32) }
    keys.wrapDeks([retried])
    expect(keys.unwrapDek(first.binding)).toEqual(retried.dek)
    expect(codeOf(() => keys.wrapDeks([item('obs-2'), item('obs-1', 1, 'pat-9')]))).toBe('CONFLICT')
    expect(keys.binding('obs-2', 1)).toBeUndefined()
  })

  it('KEY_NOT_FOUND for a missing key, DECRYPT_FAILED for the wrong patient, BAD_INPUT for a bad binding', () => {
    const keys = open()
    keys.wrapDeks([item('obs-1')])
    expect(codeOf(() => keys.unwrapDek({ recordId: 'obs-1', version: 2, patientId: 'pat-1' }))).toBe('KEY_NOT_FOUND')
    expect(codeOf(() => keys.unwrapDek({ recordId: 'obs-1', version: 1, patientId: 'pat-2' }))).toBe('DECRYPT_FAILED')
    expect(codeOf(() => keys.unwrapDek({ recordId: 'obs-1' } as RecordBinding))).toBe('BAD_INPUT')
    expect(codeOf(() => keys.wrapDeks([{ binding: { recordId: 'obs-3', version: 1, patientId: 'pat-1' }, dek: new Uint8Array(5) }]))).toBe('BAD_INPUT')
  })

  it('shred destroys every version of a record, leaving no copy of the wrap in the files', () => {
    const keys = open()
    keys.wrapDeks([item('obs-1', 1), item('obs-1', 2), item('obs-2', 1)])
    const wraps = rawRows().map(r => Buffer.from(r.wrapped))
    expect(keys.shred('obs-1')).toBe(2)
    expect(keys.shred('obs-1')).toBe(0)
    expect(codeOf(() => keys.unwrapDek({ recordId: 'obs-1', version: 1, patientId: 'pat-1' }))).toBe('KEY_NOT_FOUND')
    expect(keys.binding('obs-1', 2)).toBeUndefined()
    expect(keys.unwrapDek({ recordId: 'obs-2', version: 1, patientId: 'pat-1' })).toHaveLength(32)
    const files = ['keystore.db', 'keystore.db-wal'].map(f => { try { return readFileSync(join(dir, f)) } catch { return Buffer.alloc(0) } })
    const remaining = wraps.filter(w => files.some(f => f.includes(w)))
    expect(remaining).toHaveLength(1) // obs-2's
  })
})

describe('openFileKeys: KEK rotation', () => {
  it('rewraps every DEK to the same bytes under the new version, and survives reopen', () => {
    const keys = open()
    const items = Array.from({ length: 1500 }, (_, i) => item(`rec-${i}`, 1 + (i % 2)))
    keys.wrapDeks(items)
    const before = rawRows().map(r => Buffer.from(r.wrapped).toString('hex'))
    expect(keys.rotateKek()).toEqual({ version: 2, rewrapped: 1500 })
    expect(keys.currentKekVersion()).toBe(2)
    const rows = rawRows()
    expect(rows.every(r => r.kek_version === 2)).toBe(true)
    expect(rows.some(r => before.includes(Buffer.from(r.wrapped).toString('hex')))).toBe(false)
    for (const { binding, dek } of items) expect(keys.unwrapDek(binding)).toEqual(dek)
    expect([...keys.bindings()].every(b => b.kekVersion === 2)).toBe(true)
    keys.close()

    const again = open()
    expect(again.currentKekVersion()).toBe(2)
    for (const { binding, dek } of items) expect(again.unwrapDek(binding)).toEqual(dek)
    const late = item('late')
    again.wrapDeks([late])
    expect(again.binding('late', 1)?.kekVersion).toBe(2)
    expect(again.rotateKek()).toEqual({ version: 3, rewrapped: 1501 })
    expect(again.unwrapDek(late.binding)).toEqual(late.dek)
  })

  it('another instance picks up a rotation from keys.json', () => {
    const a = open()
    const b = open()
    const first = item('obs-1')
    a.wrapDeks([first])
    b.rotateKek()
    expect(a.unwrapDek(first.binding)).toEqual(first.dek)
    a.wrapDeks([item('obs-2')])
    expect(a.binding('obs-2', 1)?.kekVersion).toBe(2)
    expect(a.currentKekVersion()).toBe(2)
  })

  it('refuses a keys.json older than the keystore', () => {
    const keys = open()
    keys.wrapDeks([item('obs-1')])
    copyFileSync(keyFile(), join(dir, 'keys.old'))
    keys.rotateKek()
    keys.close()
    copyFileSync(join(dir, 'keys.old'), keyFile())
    expect(codeOf(open)).toBe('KEYSTORE_CORRUPT')
  })
})

describe('openFileKeys: key file', () => {
  it('creates keys.json with mode 0600 and refuses it once group or world can read it', () => {
    open().close()
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600)
    chmodSync(keyFile(), 0o644)
    expect(codeOf(open)).toBe('KEYSTORE_CORRUPT')
  })

  it('reopens with the same KEKs and the same signer', () => {
    const keys = open()
    const it1 = item('obs-1')
    keys.wrapDeks([it1])
    const address = keys.ledgerSigner().address
    keys.close()
    const again = open()
    expect(again.ledgerSigner().address).toBe(address)
    expect(again.unwrapDek(it1.binding)).toEqual(it1.dek)
  })

  it('signs digests that recover to the signer address', () => {
    const signer = open().ledgerSigner()
    expect(signer.address).toMatch(/^0x[0-9a-fA-F]{40}$/)
    const digest = keccak256(toUtf8Bytes('block 7'))
    const signature = signer.signDigest(getBytes(digest))
    expect(getBytes(signature)).toHaveLength(65)
    expect(recoverAddress(digest, signature)).toBe(signer.address)
    expect(() => signer.signDigest(new Uint8Array(31))).toThrow(RangeError)
  })

  it('a corrupted or tampered keys.json is KEYSTORE_CORRUPT', () => {
    open().close()
    const good = readFileSync(keyFile(), 'utf8')
    writeFileSync(keyFile(), good.slice(0, 40))
    expect(codeOf(open)).toBe('KEYSTORE_CORRUPT')
    const content = JSON.parse(good) as KeyFileJson
    content.keks[0]!.key = content.keks[0]!.key.replace(/^./, (c: string) => c === '0' ? '1' : '0')
    writeFileSync(keyFile(), JSON.stringify(content))
    expect(codeOf(open)).toBe('KEYSTORE_CORRUPT')
    const content2 = JSON.parse(good) as KeyFileJson
    content2.ledgerSigner.address = '0x0000000000000000000000000000000000000001'
    writeFileSync(keyFile(), JSON.stringify(content2))
    expect(codeOf(open)).toBe('KEYSTORE_CORRUPT')
  })

  it('refuses to start over when keys.json is lost but keystore.db remains', () => {
    open().wrapDeks([item('obs-1')])
    for (const k of opened.splice(0)) k.close()
    rmSync(keyFile())
    expect(codeOf(open)).toBe('KEYSTORE_CORRUPT')
  })

  it('never exposes key material through the port objects', () => {
    const keys = open()
    const content = JSON.parse(readFileSync(keyFile(), 'utf8')) as KeyFileJson
    const secrets = [content.keks[0]!.key, content.ledgerSigner.privateKey.slice(2)]
    const shown = inspect(keys, { depth: 5, showHidden: true }) + inspect(keys.ledgerSigner(), { depth: 5, showHidden: true }) +
      JSON.stringify(keys) + JSON.stringify(keys.ledgerSigner())
    for (const s of secrets) expect(shown.toLowerCase()).not.toContain(s)
  })
})

describe('openFileKeys: MEDLEDGER_KEK', () => {
  const envKey = 'ab'.repeat(32)

  it('is KEK version 1 and never written to keys.json', () => {
    process.env.MEDLEDGER_KEK = envKey
    const keys = open()
    const first = item('obs-1')
    keys.wrapDeks([first])
    keys.close()
    expect(readFileSync(keyFile(), 'utf8')).not.toContain(envKey)

    delete process.env.MEDLEDGER_KEK
    expect(codeOf(open)).toBe('KEY_NOT_FOUND')
    process.env.MEDLEDGER_KEK = 'cd'.repeat(32)
    expect(codeOf(open)).toBe('CONFLICT')
    process.env.MEDLEDGER_KEK = 'not hex'
    expect(codeOf(open)).toBe('BAD_INPUT')
    process.env.MEDLEDGER_KEK = envKey.toUpperCase()
    const again = open()
    expect(again.unwrapDek(first.binding)).toEqual(first.dek)
    expect(again.rotateKek()).toEqual({ version: 2, rewrapped: 1 })
    expect(again.unwrapDek(first.binding)).toEqual(first.dek)
  })

  it('replaces the file\'s version 1 only when it is the same key', () => {
    open().close()
    const fileKey = (JSON.parse(readFileSync(keyFile(), 'utf8')) as KeyFileJson).keks[0]!.key
    process.env.MEDLEDGER_KEK = envKey
    expect(codeOf(open)).toBe('CONFLICT')
    process.env.MEDLEDGER_KEK = fileKey
    expect(open().currentKekVersion()).toBe(1)
  })
})
