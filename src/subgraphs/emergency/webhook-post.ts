/**
 * One webhook POST to an address checked beforehand (webhook-url.ts `deliveryAddress`): the connection goes to
 * that address whatever the name resolves to by then (no second DNS lookup between check and connect), while TLS
 * still verifies the certificate for the URL's host name. No redirects are followed.
 */
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import { isIP } from 'node:net'

/**
 * POSTs `body` as JSON to `url`, connecting to `address`; resolves with the status code.
 * @throws Error on a connection failure or after `timeoutMs`
 */
export async function postToAddress (url: string, address: string, body: unknown, timeoutMs: number): Promise<number> {
  const target = new URL(url)
  const family = isIP(address)
  if (family === 0) throw new TypeError('address must be an IP literal')
  // Node asks for every address (`all`) when it may race IPv4 and IPv6; either way it gets only the checked one.
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all === true) (callback as unknown as (err: null, addresses: Array<{ address: string, family: number }>) => void)(null, [{ address, family }])
    else callback(null, address, family)
  }
  const payload = JSON.stringify(body)
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = send(target, {
      method: 'POST',
      lookup,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      timeout: timeoutMs,
      ...(target.protocol === 'https:' ? { servername: target.hostname.replace(/^\[|\]$/g, '').replace(/\.+$/, '') } : {})
    }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error('webhook timed out')))
    req.on('error', reject)
    req.end(payload)
  })
}
