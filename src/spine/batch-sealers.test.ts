import { secp256k1 } from '@noble/curves/secp256k1.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { nobleEcdh } from '../core/envelope/index.ts'
import type { Ecdh } from '../core/envelope/index.ts'
import { patientKeys, seededRng } from '../core/envelope/test-kit.ts'
import { BatchSealers, SEALER_MAX_AGE_MS, SEALER_MAX_RECORDS } from './batch-sealers.ts'

const rng = seededRng('batch-sealers')
const alice = { id: 'alice', ...patientKeys(rng) }
const bob = { id: 'bob', ...patientKeys(rng) }
const carol = { id: 'carol', ...patientKeys(rng) }

/** noble with an agreeFresh that counts its ECDHs (each with a fresh secret, as the OpenSSL adapter). */
function countingEcdh (): Ecdh & { agreeFresh: ReturnType<typeof vi.fn> } {
  const agreeFresh = vi.fn(async (point: Uint8Array) => nobleEcdh.agree(secp256k1.utils.randomSecretKey(rng.bytes(48)), point))
  return { ...nobleEcdh, agreeFresh }
}

const times = (n: number, p: typeof alice): Array<typeof alice> => Array.from({ length: n }, () => p)

describe('BatchSealers', () => {
  let now = 0
  const clock = { now: () => now }
  afterEach(() => { vi.useRealTimers() })

  it('keeps a sealer for the next batch while its patient\'s run continues, and drops it when the run ends', async () => {
    const ecdh = countingEcdh()
    const sealers = new BatchSealers(clock, rng, ecdh)
    const b1 = sealers.start([...times(3, alice), ...times(2, bob)])
    const s1 = await b1.ready()
    await b1.done()
    expect(ecdh.agreeFresh).toHaveBeenCalledTimes(2)

    const b2 = sealers.start([...times(4, bob), carol]) // bob continues, alice's run ended
    const s2 = await b2.ready()
    await b2.done()
    expect(ecdh.agreeFresh).toHaveBeenCalledTimes(3) // carol only
    expect(s2.get('bob')).toBe(s1.get('bob'))
    expect(s1.get('alice')!.destroyed).toBe(true)
    expect(s2.get('bob')!.destroyed).toBe(false)

    const b3 = sealers.start([alice]) // alice again after a gap: a new sealer, a new ephemeral key
    const s3 = await b3.ready()
    await b3.done()
    expect(s3.get('alice')).not.toBe(s1.get('alice'))
    expect(s3.get('alice')!.ephemeralPublicKey).not.toEqual(s1.get('alice')!.ephemeralPublicKey)
    expect(s2.get('bob')!.destroyed).toBe(true)
    expect(s2.get('carol')!.destroyed).toBe(true)
    sealers.release()
    expect(s3.get('alice')!.destroyed).toBe(true)
  })

  it('makes a new sealer when the patient\'s key changed (a claimed patient), after SEALER_MAX_RECORDS records or SEALER_MAX_AGE_MS', async () => {
    const ecdh = countingEcdh()
    const sealers = new BatchSealers(clock, rng, ecdh)
    const run = async (batch: Array<{ id: string, publicKey: Uint8Array }>): Promise<ReturnType<typeof rng.bytes> | undefined> => {
      const b = sealers.start(batch)
      const s = await b.ready()
      await b.done()
      return s.get(batch[0]!.id)!.ephemeralPublicKey
    }
    now = 1_000
    const first = await run([alice])
    const claimed = { id: 'alice', publicKey: bob.publicKey }
    const afterClaim = await run([claimed])
    expect(afterClaim).not.toEqual(first)
    expect(await run([claimed])).toEqual(afterClaim)

    const full = await run(times(SEALER_MAX_RECORDS - 1, claimed as typeof alice)) // 2 + 4,999 > 5,000
    expect(full).not.toEqual(afterClaim)
    expect(await run([claimed])).toEqual(full) // 4,999 + 1 = 5,000: still within the bound

    now += SEALER_MAX_AGE_MS + 1
    expect(await run([claimed])).not.toEqual(full)
    expect(ecdh.agreeFresh).toHaveBeenCalledTimes(4)
  })

  it('failed() destroys every sealer of the batch, so the next batch starts afresh; a bad key rejects ready() with BAD_INPUT', async () => {
    const ecdh = countingEcdh()
    const sealers = new BatchSealers(clock, rng, ecdh)
    const b1 = sealers.start([alice, bob])
    const s1 = await b1.ready()
    await b1.failed()
    expect(s1.get('alice')!.destroyed).toBe(true)
    expect(s1.get('bob')!.destroyed).toBe(true)

    const b2 = sealers.start([alice, { id: 'mallory', publicKey: new Uint8Array(33) }])
    await expect(b2.ready()).rejects.toMatchObject({ code: 'BAD_INPUT' })
    await b2.failed()
    const b3 = sealers.start([alice])
    const s3 = await b3.ready()
    await b3.done()
    expect(s3.get('alice')!.destroyed).toBe(false)
    expect(ecdh.agreeFresh).toHaveBeenCalledTimes(4) // alice, bob, alice (b2, destroyed), alice (b3)
    sealers.release()
  })

  it('destroys the kept sealers after SEALER_MAX_AGE_MS without a batch', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const sealers = new BatchSealers(clock, rng, countingEcdh())
    const b = sealers.start([alice])
    const s = await b.ready()
    await b.done()
    vi.advanceTimersByTime(SEALER_MAX_AGE_MS - 1)
    expect(s.get('alice')!.destroyed).toBe(false)
    vi.advanceTimersByTime(1)
    expect(s.get('alice')!.destroyed).toBe(true)
  })

  it('works with an Ecdh without agreeFresh (the sealers are made on this thread)', async () => {
    const sealers = new BatchSealers(clock, rng, nobleEcdh)
    const b1 = sealers.start([alice])
    const s1 = await b1.ready()
    await b1.done()
    const b2 = sealers.start([alice])
    expect((await b2.ready()).get('alice')).toBe(s1.get('alice'))
    await b2.done()
    sealers.release()
  })
})
