import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { DEFAULT_RATE_LIMITS, TokenBuckets, rateLimitsFromEnv } from '../../src/gateway/rate-limit.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { tempDir } from '../support/data.ts'
import { FAKE_SUBGRAPHS, fakeResolveViewer } from './fakes.ts'
import { codes, post } from './helpers.ts'

describe('token buckets', () => {
  it('grants the burst, then one token per 1/rate seconds, per client', () => {
    let t = 0
    const buckets = new TokenBuckets({ ratePerSecond: 2, burst: 3 }, () => t)
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0])
    expect(buckets.take('a')).toBe(1)
    expect(buckets.take('b')).toBe(0)
    t += 500
    expect(buckets.take('a')).toBe(0)
    expect(buckets.take('a')).toBe(1)
    t += 10_000
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0, 1])
  })

  it('reads MEDLEDGER_RATE_LIMIT', () => {
    expect(rateLimitsFromEnv({})).toEqual(DEFAULT_RATE_LIMITS)
    expect(rateLimitsFromEnv({ MEDLEDGER_RATE_LIMIT: 'off' })).toBeUndefined()
    expect(rateLimitsFromEnv({ MEDLEDGER_RATE_LIMIT: '50/100, 5/10' })).toEqual({ perAddress: { ratePerSecond: 50, burst: 100 }, anonymous: { ratePerSecond: 5, burst: 10 } })
    expect(() => rateLimitsFromEnv({ MEDLEDGER_RATE_LIMIT: 'lots' })).toThrow(RangeError)
  })
})

describe('gateway rate limits', () => {
  const tmp = tempDir()
  let services: Awaited<ReturnType<typeof openServices>>
  let gateway: RunningServer

  beforeAll(async () => {
    services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 0 })
    gateway = await createGateway({
      services,
      subgraphs: FAKE_SUBGRAPHS,
      resolveViewer: fakeResolveViewer,
      port: 0,
      production: false,
      rateLimits: { perAddress: { ratePerSecond: 0.01, burst: 8 }, anonymous: { ratePerSecond: 0.01, burst: 3 } }
    })
  })
  afterAll(async () => {
    await gateway.stop()
    await services.close()
    tmp.cleanup()
  })

  it('answers 429 RATE_LIMITED with retry-after once an address spends its anonymous burst; credentials draw on the wider bucket', async () => {
    for (let i = 0; i < 3; i++) expect((await post(gateway.url, { query: '{ me { id } }' })).status).toBe(200)
    const refused = await post(gateway.url, { query: '{ me { id } }' })
    expect(refused.status).toBe(429)
    expect(codes(refused)).toEqual(['RATE_LIMITED'])
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    const { token } = await services.auth.issueSession('acc-1')
    const auth = { authorization: `Bearer ${token}` }
    // 4 of the address's 8 are spent; 4 more with credentials go through, the 9th does not.
    for (let i = 0; i < 4; i++) expect((await post(gateway.url, { query: '{ me { id } }' }, auth)).status).toBe(200)
    expect((await post(gateway.url, { query: '{ me { id } }' }, auth)).status).toBe(429)
  })
})
