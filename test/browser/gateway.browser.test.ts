// The frontend acceptance, in headless Chromium against a real gateway (every subgraph in-process) on loopback:
// a web app on another, allowed origin signs in with SIWE, queries and mutates; a disallowed origin is
// refused by the browser; GraphiQL loads with no request leaving this machine and runs a query with a token.
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DatabaseSync } from 'node:sqlite'
import { join } from 'node:path'
import { Wallet } from 'ethers'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { client, login } from '../e2e/consent-helpers.ts'
import { artifactDir, browserAvailability, launchChromium } from '../support/browser.ts'
import { tempDir } from '../support/data.ts'

const availability = browserAvailability()

// What the in-page functions below touch of the browser (this project compiles without the DOM library).
interface CodeMirrorLike { getValue(): string, setValue(v: string): void }
interface ElementLike { textContent: string | null, CodeMirror?: CodeMirrorLike }
declare const document: { querySelector(selector: string): ElementLike | null, querySelectorAll(selector: string): Iterable<ElementLike> }
declare const window: { walletAddress(): Promise<string>, walletSign(message: string): Promise<string> }
interface Reply { data?: Record<string, { [key: string]: unknown } | null>, errors?: unknown[] }

/** A page server standing for a frontend dev server on its own origin. */
async function appServer (): Promise<{ server: Server, origin: (host: string) => string }> {
  const server = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><p>app</p>') })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { server, origin: (host) => `http://${host}:${port}` }
}

/** In the page: SIWE sign-in with the injected signer, then `me`, then a mutation; what each step saw. */
async function signInQueryMutate (page: Page, gatewayUrl: string): Promise<unknown> {
  return page.evaluate(async (url) => {
    const call = async (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Reply> => {
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (token !== undefined) headers.authorization = `Bearer ${token}`
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) })
      return await res.json() as Reply
    }
    const address = await window.walletAddress()
    const challenge = await call('mutation ($a: String!) { siweChallenge(address: $a) { message } }', { a: address })
    const message = challenge.data!.siweChallenge!.message as string
    const signature = await window.walletSign(message)
    const session = await call('mutation ($m: String!, $s: String!) { signIn(message: $m, signature: $s) { token account { id } } }', { m: message, s: signature })
    const token = session.data!.signIn!.token as string
    const me = await call('{ me { id address } }', {}, token)
    const registered = await call('mutation { registerPatient { id } }', {}, token)
    return { accountId: (session.data!.signIn!.account as { id: string }).id, me: me.data!.me, patient: registered.data?.registerPatient ?? registered.errors }
  }, gatewayUrl)
}

describe.skipIf(!availability.run)('Chromium: CORS and GraphiQL against a running gateway', () => {
  const tmp = tempDir('medledger-browser-')
  let services: Awaited<ReturnType<typeof openServices>>
  let gateway: RunningServer
  let app: Awaited<ReturnType<typeof appServer>>
  let browser: Browser
  const wallet = Wallet.createRandom()

  beforeAll(async () => {
    app = await appServer()
    services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 50, fsync: false })
    // Only the app's `localhost` origin is allowed; the same server reached as 127.0.0.1 is another origin.
    gateway = await createGateway({ services, port: 0, production: false, corsOrigins: [app.origin('localhost')] })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await gateway?.stop()
    await services?.close()
    app?.server.close()
    tmp.cleanup()
  })

  async function appPage (origin: string): Promise<Page> {
    const page = await browser.newPage()
    await page.exposeFunction('walletAddress', () => wallet.address)
    await page.exposeFunction('walletSign', async (message: string) => wallet.signMessage(message))
    await page.goto(origin + '/')
    return page
  }

  it('an allowed origin signs in, queries and mutates', async () => {
    const page = await appPage(app.origin('localhost'))
    const seen = await signInQueryMutate(page, gateway.url) as { accountId: string, me: { id: string, address: string }, patient: { id: string } }
    expect(seen.me).toEqual({ id: seen.accountId, address: wallet.address })
    expect(seen.patient.id).toMatch(/\S/)
    await page.close()
  })

  it('a disallowed origin is refused: the browser sees a network error, the gateway ran nothing', async () => {
    // Sign-in challenges issued per address, read from the identity store file: the trace a request leaves.
    const challenges = (address: string): number => {
      const db = new DatabaseSync(join(tmp.dir, 'identity.db'), { readOnly: true })
      try { return Number((db.prepare('SELECT count(*) AS n FROM siwe_nonces WHERE address = ?').get(address.toLowerCase()) as { n: number }).n) } finally { db.close() }
    }
    const challenge = (address: string): string => JSON.stringify({ query: `mutation { siweChallenge(address: "${address}") { nonce } }` })
    const [refused, simple, allowed] = [Wallet.createRandom().address, Wallet.createRandom().address, Wallet.createRandom().address]
    const evil = await appPage(app.origin('127.0.0.1'))
    const outcome = await evil.evaluate(async ({ url, jsonBody, simpleBody }) => {
      let json = 'reached'
      try { await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: jsonBody }) } catch (err) { json = (err as Error).name }
      // A simple request (no preflight, as a form post would be) reaches the server: it must run nothing.
      const opaque = await fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: simpleBody })
      return { json, simple: opaque.type }
    }, { url: gateway.url, jsonBody: challenge(refused), simpleBody: challenge(simple) })
    expect(outcome).toEqual({ json: 'TypeError', simple: 'opaque' })
    await evil.close()
    // The allowed origin, as a control: the same call leaves its trace.
    const good = await appPage(app.origin('localhost'))
    await good.evaluate(async ({ url, body }) => { await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }) }, { url: gateway.url, body: challenge(allowed) })
    await good.close()
    expect([challenges(refused), challenges(simple), challenges(allowed)]).toEqual([0, 0, 1])
  })

  it('GraphiQL loads with no request leaving the machine and runs a query with a token', async () => {
    const { bearer, accountId } = await login(client(() => gateway.url), Wallet.createRandom())
    const context = await browser.newContext()
    const origin = new URL(gateway.url).origin
    const foreign: string[] = []
    await context.route('**/*', async (route) => {
      const url = route.request().url()
      if (url.startsWith(origin + '/') || url.startsWith('data:')) return route.continue()
      foreign.push(url)
      return route.abort()
    })
    const page = await context.newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (err) => pageErrors.push(err.message))
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()) })
    await page.goto(gateway.url)
    await page.waitForSelector('.graphiql-container .graphiql-execute-button', { timeout: 20_000 })
    // The headers editor starts with how to get a token; put the token in it and a query in the editor.
    await page.evaluate(({ token }) => {
      const editors = [...document.querySelectorAll('.CodeMirror')].map((el) => el.CodeMirror!)
      const headers = editors.find((cm) => cm.getValue().includes('"Authorization": "Bearer <paste a token: npm run medledger -- token'))
      if (headers === undefined) throw new Error('no prefilled headers editor')
      headers.setValue(JSON.stringify({ Authorization: `Bearer ${token}` }))
      const query = editors.find((cm) => cm.getValue().includes('query Me'))
      if (query === undefined) throw new Error('no query editor')
      query.setValue('query Me { me { id } }')
    }, { token: bearer })
    await page.click('.graphiql-execute-button')
    await page.waitForFunction((id) => document.querySelector('.result-window')?.textContent?.includes(id) === true, accountId, { timeout: 20_000 })
    // The docs explorer fills from introspection through the same server; the history lists the run.
    await page.click('[aria-label="Show Documentation Explorer"]')
    await page.waitForFunction(() => document.querySelector('.graphiql-doc-explorer')?.textContent?.includes('Query') === true, undefined, { timeout: 20_000 })
    await page.click('[aria-label="Show History"]')
    await page.waitForFunction(() => document.querySelector('.graphiql-history')?.textContent?.includes('Me') === true, undefined, { timeout: 20_000 })
    await page.screenshot({ path: join(artifactDir(), 'graphiql.png') })
    expect(foreign).toEqual([])
    expect(pageErrors).toEqual([])
    await context.close()
  })
})

if (!availability.run) {
  describe(`Chromium: CORS and GraphiQL (${availability.reason})`, () => {
    it.skip('CORS from another origin, GraphiQL offline', () => {})
  })
}
