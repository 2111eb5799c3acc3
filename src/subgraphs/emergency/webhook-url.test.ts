import { describe, expect, it } from 'vitest'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { deliveryAddress, isNonPublicAddress, mayDeliver, webhookUrlProblem } from './webhook-url.ts'
import { postToAddress } from './webhook-post.ts'

describe('webhook URL rule', () => {
  it('knows the non-public ranges', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '224.0.0.1']) {
      expect(isNonPublicAddress(a), a).toBe(true)
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '1.1.1.1', '2606:4700:4700::1111']) expect(isNonPublicAddress(a), a).toBe(false)
  })

  it('accepts https to public hosts only, unless private destinations are allowed', () => {
    expect(webhookUrlProblem('https://hooks.example.org/x', false)).toBeUndefined()
    expect(webhookUrlProblem('https://8.8.8.8/x', false)).toBeUndefined()
    expect(webhookUrlProblem('http://hooks.example.org/x', false)).toMatch(/https/)
    expect(webhookUrlProblem('https://user:pw@hooks.example.org/x', false)).toMatch(/credentials/)
    for (const u of ['https://localhost/x', 'https://a.localhost/x', 'https://127.0.0.1:8443/x', 'https://[::1]/x', 'https://[fd12::3]/x', 'https://192.168.0.10/x']) {
      expect(webhookUrlProblem(u, false), u).toMatch(/public host/)
    }
    expect(webhookUrlProblem('http://127.0.0.1:9/x', true)).toBeUndefined()
    expect(webhookUrlProblem('ftp://example.org/x', true)).toMatch(/http/)
    expect(webhookUrlProblem('not a url', true)).toMatch(/http/)
    expect(webhookUrlProblem('https://example.org/' + 'a'.repeat(2000), true)).toMatch(/2000/)
  })

  it('checks where a name resolves before each delivery', async () => {
    const to = (addresses: string[]) => async () => addresses
    expect(await mayDeliver('https://hooks.example.org/x', false, to(['93.184.216.34']))).toBe(true)
    expect(await mayDeliver('https://hooks.example.org/x', false, to(['93.184.216.34', '10.0.0.5']))).toBe(false)
    expect(await mayDeliver('https://hooks.example.org/x', false, to([]))).toBe(false)
    expect(await mayDeliver('https://hooks.example.org/x', false, async () => { throw new Error('ENOTFOUND') })).toBe(false)
    expect(await mayDeliver('http://127.0.0.1:9/x', true, to(['127.0.0.1']))).toBe(true)
    expect(await mayDeliver('http://127.0.0.1:9/x', false, to(['127.0.0.1']))).toBe(false)
  })

  it('normalizes the host before checking: a trailing dot, IPv4 inside IPv6', () => {
    for (const u of ['https://localhost./x', 'https://localhost..:8443/x', 'https://a.localhost./x', 'https://[::7f00:1]/x', 'https://[::127.0.0.1]/x',
      'https://[::ffff:7f00:1]/x', 'https://[::ffff:a00:1]/x', 'https://[::a9fe:a9fe]/x']) {
      expect(webhookUrlProblem(u, false), u).toMatch(/public host/)
    }
    expect(webhookUrlProblem('https://hooks.example.org./x', false)).toBeUndefined()
  })

  it('hands the delivery the address it checked', async () => {
    const to = (addresses: string[]) => async () => addresses
    expect(await deliveryAddress('https://hooks.example.org/x', false, to(['93.184.216.34', '93.184.216.35']))).toBe('93.184.216.34')
    expect(await deliveryAddress('https://[2606:4700:4700::1111]/x', false, to([]))).toBe('2606:4700:4700::1111')
    expect(await deliveryAddress('https://localhost./x', false, to(['93.184.216.34']))).toBeUndefined()
  })

  it('connects to the checked address, never looking the name up again', async () => {
    const seen: Array<{ host?: string, body: string }> = []
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => { body += c.toString() })
      req.on('end', () => { seen.push({ host: req.headers.host, body }); res.writeHead(204).end() })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      // .invalid never resolves (RFC 6761): the request reaches the server only through the pinned address
      expect(await postToAddress(`http://webhook.invalid:${port}/hook`, '127.0.0.1', { n: 1 }, 5000)).toBe(204)
      expect(seen).toEqual([{ host: `webhook.invalid:${port}`, body: '{"n":1}' }])
      await expect(postToAddress(`http://webhook.invalid:${port}/hook`, 'webhook.invalid', {}, 5000)).rejects.toThrow(TypeError)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
