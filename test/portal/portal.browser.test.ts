// the reference patient portal (examples/portal) in headless Chromium against a real
// gateway, with a test wallet injected as the EIP-1193 provider: sign in (SIWE), records with proofs verified in
// the browser, grant (EIP-712) that lets the doctor read, revoke that stops them, the access log showing both.
import { join } from 'node:path'
import { Wallet, getBytes } from 'ethers'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPortal } from '../../examples/portal/server.ts'
import type { RunningPortal } from '../../examples/portal/server.ts'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { client, login, ok } from '../e2e/consent-helpers.ts'
import type { Credential } from '../e2e/consent-helpers.ts'
import { codes } from '../gateway/helpers.ts'
import { artifactDir, browserAvailability, launchChromium } from '../support/browser.ts'
import { tempDir } from '../support/data.ts'

const availability = browserAvailability()
// What the in-page functions touch of the browser (this project compiles without the DOM library).
declare const document: { querySelectorAll(selector: string): { length: number } }

/** What the page's `window.ethereum.request` forwards to the test. */
async function walletRequest (wallet: Pick<Wallet, 'address' | 'signMessage' | 'signTypedData'>, method: string, params: unknown[]): Promise<unknown> {
  switch (method) {
    case 'eth_requestAccounts':
    case 'eth_accounts':
      return [wallet.address]
    case 'personal_sign':
      return wallet.signMessage(getBytes(params[0] as string))
    case 'eth_signTypedData_v4': {
      const { domain, types, message } = JSON.parse(params[1] as string) as { domain: Record<string, unknown>, types: Record<string, Array<{ name: string, type: string }>>, message: Record<string, unknown> }
      const { EIP712Domain: _domain, ...rest } = types
      return wallet.signTypedData(domain, rest, message)
    }
    default:
      throw new Error(`test wallet: unsupported method ${method}`)
  }
}

describe.skipIf(!availability.run)('Chromium: the reference patient portal', () => {
  const tmp = tempDir('medledger-portal-')
  let services: Awaited<ReturnType<typeof openServices>>
  let gateway: RunningServer
  let portal: RunningPortal
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const gql = client(() => gateway.url)
  const wallet = Wallet.createRandom()
  let doctor: Credential
  let practitionerId = ''
  const recordIds: string[] = []
  const pageErrors: string[] = []

  beforeAll(async () => {
    services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 50, fsync: false })
    gateway = await createGateway({ services, port: 0, production: false, corsOrigins: ['http://localhost:*'] })
    // The patient's records, written before they open the portal; a doctor of a hospital to grant to.
    const patient: Credential = { bearer: (await login(gql, wallet)).bearer }
    const patientId = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, patient)).registerPatient.id
    for (const [code, value] of [['8480-6', 128], ['8867-4', 64]] as const) {
      const fhir = { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code }] }, effectiveDateTime: '2026-11-30', valueQuantity: { value } }
      recordIds.push((await ok<{ createRecord: { id: string } }>(gql, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', { p: patientId, f: fhir }, patient)).createRecord.id)
    }
    const adminWallet = Wallet.createRandom()
    await login(gql, adminWallet)
    const org = (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation { registerOrganization(input: { name: "Portal General" }) { id } }', {}, { bearer: (await login(gql, adminWallet)).bearer })).registerOrganization.id
    const admin: Credential = { bearer: (await login(gql, adminWallet)).bearer }
    const doctorWallet = Wallet.createRandom()
    await login(gql, doctorWallet)
    practitionerId = (await ok<{ registerPractitioner: { id: string } }>(gql, 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }',
      { i: { address: doctorWallet.address, name: 'Dr Portal', organizationId: org } }, admin)).registerPractitioner.id
    doctor = { bearer: (await login(gql, doctorWallet)).bearer }

    // The portal trusts the operator's ledger key, learned out of band (here: from the operator's services).
    for (let i = 0; i < 100 && services.ledger.latestBlock() === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 50))
    portal = await startPortal({ gateway: gateway.url, port: 0, ledgerSigner: services.ledger.latestBlock()!.signer })
    browser = await launchChromium()
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } })
    await context.exposeFunction('__testWalletRequest', async (method: string, params: unknown[]) => walletRequest(wallet, method, params))
    await context.addInitScript('window.ethereum = { request: ({ method, params }) => window.__testWalletRequest(method, params || []) }')
    page = await context.newPage()
    page.on('pageerror', (e) => pageErrors.push(e.message))
    await page.goto(portal.url)
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await portal?.stop()
    await gateway?.stop()
    await services?.close()
    tmp.cleanup()
  })

  const doctorReads = async (): Promise<unknown[]> => codes(await gql('query ($id: ID!) { record(id: $id) { id } }', { id: recordIds[0] }, doctor))

  it('signs in with the injected wallet and shows the records with proofs verified in the browser', async () => {
    await page.click('#signin')
    await page.waitForFunction(() => document.querySelectorAll('tr.record[data-verified="true"]').length === 2, undefined, { timeout: 20_000 })
    expect(await page.textContent('#who')).toBe(wallet.address)
    expect(await page.locator('tr.record').evaluateAll((rows: Array<{ getAttribute: (name: string) => string | null }>) => rows.map((r) => r.getAttribute('data-id')).sort())).toEqual([...recordIds].sort())
  })

  it('grants the doctor consent (EIP-712 in the wallet); the doctor can then read', async () => {
    expect(await doctorReads()).toEqual(['CONSENT_REQUIRED'])
    await page.selectOption('#grantee-kind', 'PRACTITIONER')
    await page.fill('#grantee-id', practitionerId)
    await page.selectOption('#grant-purpose', 'TREAT')
    await page.click('#grant')
    await page.waitForSelector('li.grant[data-status="ACTIVE"]', { timeout: 20_000 })
    expect(await doctorReads()).toEqual([])
  })

  it('revokes it; the doctor is refused from the next request', async () => {
    await page.click('li.grant[data-status="ACTIVE"] button.revoke')
    await page.waitForSelector('li.grant[data-status="REVOKED"]', { timeout: 20_000 })
    expect(await page.locator('li.grant[data-status="ACTIVE"]').count()).toBe(0)
    expect(await doctorReads()).toEqual(['CONSENT_REQUIRED'])
  })

  it('shows the access log: the doctor\'s permitted and denied reads', async () => {
    await page.click('#refresh-log')
    await page.waitForFunction(() => document.querySelectorAll('tr.access[data-decision="PERMIT"]').length >= 1 && document.querySelectorAll('tr.access[data-decision="DENY"]').length >= 2, undefined, { timeout: 20_000 })
    expect(await page.textContent('#status')).toBe('Ready.')
    await page.screenshot({ path: join(artifactDir(), 'portal.png'), fullPage: true })
    expect(pageErrors).toEqual([])
  })
})

if (!availability.run) {
  describe(`Chromium: the reference patient portal (${availability.reason})`, () => {
    it.skip('sign in, records with verified proofs, grant, revoke, access log', () => {})
  })
}
