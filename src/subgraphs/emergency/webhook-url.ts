/**
 * Which webhook URLs the service may POST to. A webhook is a URL chosen by a user, so without a rule any
 * signed-in person could make the server call its own loopback or private network (SSRF). By default only
 * https to public addresses is accepted, checked when the URL is set (literal addresses, `localhost`) and
 * again before each delivery (the addresses the name resolves to). `MEDLEDGER_WEBHOOK_PRIVATE=allow` lifts
 * the rule for development and tests (http and private addresses).
 */
import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'

/** Ranges that are not the public internet (RFC 6890 special-purpose registries, multicast, reserved). */
const NON_PUBLIC = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4]
] as const) NON_PUBLIC.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32],
  ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]
] as const) NON_PUBLIC.addSubnet(net, prefix, 'ipv6')

/** Whether private destinations are allowed (`MEDLEDGER_WEBHOOK_PRIVATE=allow`). */
export function privateWebhooksAllowed (env: Record<string, string | undefined> = process.env): boolean {
  return env.MEDLEDGER_WEBHOOK_PRIVATE === 'allow'
}

/**
 * True when `address` (an IPv4 or IPv6 literal) is not a public internet address. An IPv6 address that embeds an
 * IPv4 one — IPv4-compatible (`::7f00:1`, deprecated by RFC 4291 §2.5.5.1) or IPv4-mapped (`::ffff:7f00:1`) — is
 * judged by the IPv4 address it reaches, and the deprecated compatible form is refused outright.
 */
export function isNonPublicAddress (address: string): boolean {
  const family = isIP(address)
  if (family === 0) return false
  if (family === 4) return NON_PUBLIC.check(address, 'ipv4')
  // The URL parser writes every IPv6 literal in one canonical, compressed, lower-case form.
  const canonical = new URL(`http://[${address}]`).hostname.slice(1, -1)
  const embedded = /^::(ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical)
  if (embedded !== null) {
    if (embedded[1] === undefined) return true
    const [hi, lo] = [parseInt(embedded[2]!, 16), parseInt(embedded[3]!, 16)]
    return NON_PUBLIC.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, 'ipv4')
  }
  return NON_PUBLIC.check(canonical, 'ipv6')
}

/** Why `url` may not be a webhook, or undefined when it may. Checks only what the URL itself says. */
export function webhookUrlProblem (url: string, allowPrivate = privateWebhooksAllowed()): string | undefined {
  let parsed: URL
  try { parsed = new URL(url) } catch { return 'url must be an http or https URL' }
  if (url.length > 2000) return 'url must be at most 2000 characters'
  if (!['http:', 'https:'].includes(parsed.protocol)) return 'url must be an http or https URL'
  if (allowPrivate) return undefined
  if (parsed.protocol !== 'https:') return 'url must be https'
  if (parsed.username !== '' || parsed.password !== '') return 'url must not carry credentials'
  const host = hostOf(parsed)
  if (host === 'localhost' || host.endsWith('.localhost') || isNonPublicAddress(host)) return 'url must name a public host'
  return undefined
}

/**
 * The host a URL names, as the checks compare it: brackets off, lower case, and the trailing dot of a fully
 * qualified name dropped (`localhost.` is `localhost`).
 */
export function hostOf (url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.+$/, '')
}

/** Resolves a name to its addresses (injectable for tests). */
export type Resolve = (host: string) => Promise<string[]>

const resolveAll: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address)

/**
 * The address a delivery to `url` may connect to now, or undefined when none may: the URL passes
 * {@link webhookUrlProblem} and, unless private destinations are allowed, every address its host resolves to is
 * public (a name may have been pointed at a private address after it was set). The delivery connects to exactly
 * this address, so no second lookup between check and connect can change where it goes. Never throws: an
 * unresolvable host is not deliverable.
 */
export async function deliveryAddress (url: string, allowPrivate = privateWebhooksAllowed(), resolve: Resolve = resolveAll): Promise<string | undefined> {
  if (webhookUrlProblem(url, allowPrivate) !== undefined) return undefined
  const host = hostOf(new URL(url))
  if (isIP(host) !== 0) return host
  try {
    const addresses = await resolve(host)
    if (addresses.length === 0 || (!allowPrivate && addresses.some(isNonPublicAddress))) return undefined
    return addresses[0]
  } catch {
    return undefined
  }
}

/** Whether a delivery to `url` may go out now ({@link deliveryAddress} finds one). */
export async function mayDeliver (url: string, allowPrivate = privateWebhooksAllowed(), resolve: Resolve = resolveAll): Promise<boolean> {
  return await deliveryAddress(url, allowPrivate, resolve) !== undefined
}
