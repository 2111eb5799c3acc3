import { SigningKey, computeAddress, getAddress, hashMessage } from 'ethers'
import { SiweMessage } from 'siwe'
import { makeError } from '../../core/errors.ts'
import type { Services } from '../context.ts'
import { randomUuid } from './ids.ts'
import type { AccountRow } from './rows.ts'
import { identityStore } from './store.ts'

/** What sign-in messages are bound to (EIP-4361 §Message Format: domain, URI, chain ID). */
export interface IdentityConfig {
  /** RFC 3986 authority the gateway is served from, e.g. `localhost:4000`. */
  domain: string
  /** The URI the sign-in is for. */
  uri: string
  /** EIP-155 chain ID. */
  chainId: number
  /** Human-readable line shown by the wallet. */
  statement: string
}

export const DEFAULT_IDENTITY_CONFIG: IdentityConfig = Object.freeze({
  domain: 'localhost:4000',
  uri: 'http://localhost:4000',
  chainId: 1,
  statement: 'Sign in to medledger.'
})

/** A nonce (and the message carrying it) is good for 5 minutes. */
export const NONCE_TTL_MS = 5 * 60 * 1000
/** Sign-in messages longer than this are refused unparsed. */
const MAX_MESSAGE_LENGTH = 4096

/**
 * The defaults overridden by `MEDLEDGER_SIWE_DOMAIN`, `MEDLEDGER_SIWE_URI` and `MEDLEDGER_SIWE_CHAIN_ID`.
 * @throws MedledgerError BAD_INPUT when the chain ID is not a positive integer
 */
export function identityConfig (env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  const chainId = env.MEDLEDGER_SIWE_CHAIN_ID === undefined ? DEFAULT_IDENTITY_CONFIG.chainId : Number(env.MEDLEDGER_SIWE_CHAIN_ID)
  if (!Number.isSafeInteger(chainId) || chainId < 1) throw makeError('MEDLEDGER_SIWE_CHAIN_ID must be a positive integer', 'BAD_INPUT')
  return {
    ...DEFAULT_IDENTITY_CONFIG,
    domain: env.MEDLEDGER_SIWE_DOMAIN ?? DEFAULT_IDENTITY_CONFIG.domain,
    uri: env.MEDLEDGER_SIWE_URI ?? DEFAULT_IDENTITY_CONFIG.uri,
    chainId
  }
}

export interface Challenge {
  nonce: string
  /** The EIP-4361 text for the wallet to sign with personal_sign (EIP-191). */
  message: string
  expiresAt: number
}

export interface SignInResult {
  token: string
  expiresAt: number
  /** The latest a refresh can reach, ms since epoch. */
  refreshableUntil: number
  account: AccountRow
}

type IdentityServices = Pick<Services, 'clock' | 'rng' | 'store'>

/**
 * Step 1 of Sign-In with Ethereum: stores a fresh single-use nonce (128 random bits as 32 hex characters,
 * alphanumeric as EIP-4361 requires) for `address`, good for five minutes, and returns the message to sign.
 * Expired nonces are swept on the way.
 * @throws MedledgerError BAD_INPUT when `address` is not an Ethereum address (or has a wrong EIP-55 checksum)
 */
export function siweChallenge (services: IdentityServices, input: { address: string, config?: IdentityConfig }): Challenge {
  const { config = identityConfig() } = input
  const address = checksummed(input.address)
  const store = identityStore(services)
  const now = services.clock.now()
  const nonce = Buffer.from(services.rng.bytes(16)).toString('hex')
  const expiresAt = now + NONCE_TTL_MS
  store.deleteExpiredNonces(now)
  store.insertNonce({ nonce, address, issuedAt: now, expiresAt, usedAt: null })
  const message = new SiweMessage({
    domain: config.domain,
    address,
    statement: config.statement,
    uri: config.uri,
    version: '1',
    chainId: config.chainId,
    nonce,
    issuedAt: new Date(now).toISOString(),
    expirationTime: new Date(expiresAt).toISOString()
  }).prepareMessage()
  return { nonce, message, expiresAt }
}

/**
 * Step 2 of Sign-In with Ethereum: checks the signed EIP-4361 `message` — domain, URI, chain ID and version
 * as configured; Expiration Time and Not Before against `services.clock`; the nonce issued by
 * `siweChallenge` for this address, unused and unexpired; the EIP-191 signature recovering to the message's
 * address — then consumes the nonce and creates the account on first sign-in (same transaction, so a nonce
 * is good for one sign-in even under concurrency) with the compressed public key recovered from the
 * signature, and issues a session token. A refused attempt does not consume the nonce.
 * @throws MedledgerError UNAUTHENTICATED for any refusal; the message says which check failed, nothing more
 */
export async function signIn (services: IdentityServices & Pick<Services, 'auth'>, input: { message: string, signature: string, config?: IdentityConfig }): Promise<SignInResult> {
  const { message, signature, config = identityConfig() } = input
  const parsed = parse(message)
  refuseUnless(parsed.domain === config.domain, 'sign-in message is for another domain')
  refuseUnless(parsed.scheme === undefined || `${parsed.scheme}:` === new URL(config.uri).protocol, 'sign-in message is for another scheme')
  refuseUnless(parsed.uri === config.uri, 'sign-in message is for another URI')
  refuseUnless(parsed.chainId === config.chainId, 'sign-in message is for another chain')
  refuseUnless(parsed.version === '1', 'unsupported sign-in message version')

  const now = services.clock.now()
  refuseUnless(parsed.expirationTime === undefined || now < Date.parse(parsed.expirationTime), 'sign-in message expired')
  refuseUnless(parsed.notBefore === undefined || now >= Date.parse(parsed.notBefore), 'sign-in message not yet valid')

  const store = identityStore(services)
  const issued = store.nonce(parsed.nonce)
  refuseUnless(issued !== undefined && issued.address === parsed.address.toLowerCase(), 'unknown nonce')
  refuseUnless(issued.usedAt === null, 'nonce already used')
  refuseUnless(now < issued.expiresAt, 'nonce expired')

  const publicKey = recoverPublicKey(message, signature)
  refuseUnless(publicKey !== undefined && computeAddress(publicKey) === parsed.address, 'bad signature')

  const account = store.completeSignIn({
    nonce: parsed.nonce,
    now,
    account: { id: randomUuid(services.rng), address: parsed.address, publicKey: SigningKey.computePublicKey(publicKey, true), roles: [], createdAt: now }
  })
  refuseUnless(account !== undefined, 'nonce already used')
  const session = await services.auth.issueSession(account.id)
  return { token: session.token, expiresAt: session.expiresAt, refreshableUntil: session.refreshableUntil, account }
}

/**
 * `address` in EIP-55 form.
 * @throws MedledgerError BAD_INPUT when it is not an address
 */
export function checksummed (address: string): string {
  try {
    return getAddress(address)
  } catch (err) {
    throw makeError('not an Ethereum address', 'BAD_INPUT', {}, err)
  }
}

function parse (message: string): SiweMessage {
  refuseUnless(typeof message === 'string' && message.length <= MAX_MESSAGE_LENGTH, 'malformed sign-in message')
  try {
    return new SiweMessage(message)
  } catch (err) {
    // the parser's own text may quote the message: keep it as the cause only
    throw makeError('malformed sign-in message', 'UNAUTHENTICATED', {}, err)
  }
}

/** The uncompressed public key that signed `message` (EIP-191), undefined for a malformed signature. */
function recoverPublicKey (message: string, signature: string): string | undefined {
  try {
    return SigningKey.recoverPublicKey(hashMessage(message), signature)
  } catch {
    return undefined
  }
}

function refuseUnless (condition: boolean, reason: string): asserts condition {
  if (!condition) throw makeError(reason, 'UNAUTHENTICATED')
}
