/**
 * Per-client token buckets in front of the gateway. Anonymous requests (sign-in challenges, signIn) cost the
 * service work and state without any account to hold responsible, so they get a tighter bucket than the
 * overall one. Clients are keyed by the socket's remote address: behind a reverse proxy every caller shares the
 * proxy's address, so set the limits there or raise them here.
 */
import type { IncomingMessage } from 'node:http'

export interface Bucket {
  /** Tokens added per second. */
  ratePerSecond: number
  /** Most tokens a client can hold: the burst it may send at once. */
  burst: number
}

export interface RateLimits {
  /** Every request of one address. */
  perAddress: Bucket
  /** Requests without an Authorization header, per address. */
  anonymous: Bucket
}

/** Far above what a person or a hospital's import client sends; a flood from one address is cut. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  perAddress: { ratePerSecond: 300, burst: 600 },
  anonymous: { ratePerSecond: 30, burst: 120 }
}

/** At most this many clients are tracked; beyond it, the full (idle) buckets are forgotten. */
const MAX_CLIENTS = 100_000

/** Token buckets keyed by client; `now` is injectable for tests. */
export class TokenBuckets {
  private readonly bucket: Bucket
  private readonly now: () => number
  private readonly clients = new Map<string, { tokens: number, at: number }>()

  constructor (bucket: Bucket, now: () => number = Date.now) {
    if (!(bucket.ratePerSecond > 0) || !(bucket.burst >= 1)) throw new RangeError('a bucket needs ratePerSecond > 0 and burst ≥ 1')
    this.bucket = bucket
    this.now = now
  }

  /** Takes one token for `client`: 0 when granted, else the seconds until one is available. */
  take (client: string): number {
    const now = this.now()
    const { ratePerSecond, burst } = this.bucket
    const state = this.clients.get(client) ?? { tokens: burst, at: now }
    state.tokens = Math.min(burst, state.tokens + (now - state.at) / 1000 * ratePerSecond)
    state.at = now
    if (state.tokens < 1) {
      this.clients.set(client, state)
      return Math.ceil((1 - state.tokens) / ratePerSecond)
    }
    state.tokens -= 1
    this.clients.set(client, state)
    if (this.clients.size > MAX_CLIENTS) this.forgetIdle()
    return 0
  }

  private forgetIdle (): void {
    const now = this.now()
    for (const [client, state] of this.clients) {
      if (state.tokens + (now - state.at) / 1000 * this.bucket.ratePerSecond >= this.bucket.burst) this.clients.delete(client)
    }
  }
}

/**
 * The root fields anyone may call without an account (they create server state: sign-in nonces, sessions).
 * Calling one spends from the anonymous bucket whatever Authorization header the request carries, so a
 * signed-in client cannot mint nonces at the full rate.
 */
export const ANONYMOUS_OPERATIONS: ReadonlySet<string> = new Set(['siweChallenge', 'signIn'])

/** The gateway's rate limits: checked before the body is read, and again once the operation is known. */
export interface RateLimiter {
  /**
   * For one request before its body is read: undefined when it may go on, else the seconds the client should
   * wait (`retry-after`). Requests without an Authorization header spend from both buckets.
   */
  check(req: IncomingMessage): number | undefined
  /**
   * For a request with an Authorization header whose operation calls one of {@link ANONYMOUS_OPERATIONS}: 0 when
   * it may go on, else the seconds to wait.
   */
  anonymousOperation(client: string): number
}

/** The limiter for `limits`; clients are keyed by the socket's remote address. */
export function rateLimiter (limits: RateLimits, now: () => number = Date.now): RateLimiter {
  const all = new TokenBuckets(limits.perAddress, now)
  const anonymous = new TokenBuckets(limits.anonymous, now)
  return {
    check (req) {
      const client = clientOf(req)
      const wait = all.take(client) || (req.headers.authorization === undefined ? anonymous.take(client) : 0)
      return wait === 0 ? undefined : wait
    },
    anonymousOperation: (client) => anonymous.take(client)
  }
}

/** The key a request's client is counted under. */
export function clientOf (req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown'
}

/**
 * Limits from `MEDLEDGER_RATE_LIMIT` (`<per-address rate>/<burst>,<anonymous rate>/<burst>`, e.g. `300/600,30/120`),
 * `off` for none, else the defaults.
 * @throws RangeError for a value in any other form
 */
export function rateLimitsFromEnv (env: Record<string, string | undefined> = process.env): RateLimits | undefined {
  const raw = env.MEDLEDGER_RATE_LIMIT
  if (raw === undefined || raw === '') return DEFAULT_RATE_LIMITS
  if (raw === 'off') return undefined
  const m = /^(\d+(?:\.\d+)?)\/(\d+),(\d+(?:\.\d+)?)\/(\d+)$/.exec(raw.replace(/\s/g, ''))
  if (m === null) throw new RangeError('MEDLEDGER_RATE_LIMIT must be "off" or "<rate>/<burst>,<anonymous rate>/<anonymous burst>"')
  return {
    perAddress: { ratePerSecond: Number(m[1]), burst: Number(m[2]) },
    anonymous: { ratePerSecond: Number(m[3]), burst: Number(m[4]) }
  }
}
