// The rest of the hardening an outside probe run found, each over HTTP against a real gateway: suggestions in
// production errors, the anonymous rate limit behind any Authorization header, malformed percent-encoding in
// FHIR paths, signatures whose expiry the client pushed out, and webhook hosts that dodge the set-time check.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TypedDataRequest } from '../../../src/core/consent/index.ts'
import { createGateway } from '../../../src/gateway/gateway.ts'
import type { RunningServer } from '../../../src/gateway/listen.ts'
import { signTypedData } from '../../../src/subgraphs/consent/test-kit.ts'
import { openServices } from '../../../src/subgraphs/services.ts'
import { codes, post } from '../../gateway/helpers.ts'
import { tempDir } from '../../support/data.ts'
import { client, login, ok } from '../consent-helpers.ts'
import { newPerson, registerPatient } from '../emergency-helpers.ts'

const tmp = tempDir('medledger-hardening-')
let services: Awaited<ReturnType<typeof openServices>>
const gateways: Record<'dev' | 'prod' | 'limited', RunningServer | undefined> = { dev: undefined, prod: undefined, limited: undefined }
const gql = client(() => gateways.dev!.url)
const patient = newPerson()

beforeAll(async () => {
  delete process.env.MEDLEDGER_WEBHOOK_PRIVATE
  services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 50, fsync: false })
  gateways.dev = await createGateway({ services, port: 0, production: false, rateLimits: false })
  gateways.prod = await createGateway({ services, port: 0, production: true, rateLimits: false })
  gateways.limited = await createGateway({ services, port: 0, rateLimits: { perAddress: { ratePerSecond: 100, burst: 1000 }, anonymous: { ratePerSecond: 0.01, burst: 3 } } })
  await registerPatient(gql, patient)
})

afterAll(async () => {
  for (const g of Object.values(gateways)) await g?.stop()
  await services?.close()
  tmp.cleanup()
})

describe('hardening', () => {
  it('masks every suggestion in production: fields, arguments, enum values in literals and in variables', async () => {
    const probes = [
      { query: '{ ledgerHed { height } }' },
      { query: '{ ledgerHead { heigth } }' },
      { query: '{ record(id: "x", purpose: TREA) { id } }' },
      { query: 'query ($p: PurposeOfUse) { record(id: "x", purpose: $p) { id } }', variables: { p: 'TREA' } },
      { query: '{ record(id: "x", purpos: TREAT) { id } }' }
    ]
    for (const probe of probes) {
      const dev = await post(gateways.dev!.url, probe)
      expect(JSON.stringify(dev.body), probe.query).toContain('Did you mean')
      const prod = await post(gateways.prod!.url, probe)
      expect(prod.body.errors?.length, probe.query).toBeGreaterThan(0)
      expect(JSON.stringify(prod.body), probe.query).not.toMatch(/Did you mean|TREAT"|ledgerHead"|height"|purpose"/)
    }
  })

  it('spends the anonymous bucket on sign-in operations whatever Authorization header comes with them', async () => {
    const url = gateways.limited!.url
    const token = (await login(client(() => url), Wallet.createRandom())).bearer
    const headers = { authorization: `Bearer ${token}` }
    const challenge = { query: 'mutation ($a: String!) { siweChallenge(address: $a) { nonce } }', variables: { a: Wallet.createRandom().address } }
    // login above spent two (challenge, signIn) of the burst of three
    expect((await post(url, challenge, headers)).body.errors).toBeUndefined()
    const refused = await post(url, challenge, headers)
    expect(refused.status).toBe(429)
    expect(codes(refused)).toEqual(['RATE_LIMITED'])
    expect(refused.body.errors![0]!.extensions).toMatchObject({ retryAfter: expect.any(Number) as number })
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    // signed-in work is not held to the anonymous bucket
    expect((await post(url, { query: '{ me { id } }' }, headers)).body.errors).toBeUndefined()
  })

  it('answers 400 with an OperationOutcome for malformed percent-encoding in FHIR paths', async () => {
    const token = patient.who as { bearer: string }
    for (const path of ['/fhir/Patient/%E0%A4%A/$everything', '/fhir/$export-status/%ZZ', '/fhir/Patient/%/$export-car']) {
      const res = await fetch(`${new URL(gateways.dev!.url).origin}${path}`, { headers: { authorization: `Bearer ${token.bearer}` } })
      expect(res.status, path).toBe(400)
      const body = await res.json() as { resourceType: string, issue: Array<{ severity: string, code: string }> }
      expect(body.resourceType).toBe('OperationOutcome')
      expect(body.issue[0]).toMatchObject({ severity: 'error', code: 'invalid' })
    }
  })

  it('refuses a signed grant whose expiry the client pushed beyond the signing window', async () => {
    const d = await ok<{ grantToSign: { typedData: TypedDataRequest } }>(gql, 'query ($i: GrantInput!) { grantToSign(input: $i) { typedData } }',
      { i: { patientId: patient.id, provision: { type: 'PERMIT', actors: [{ kind: 'ROLE', role: 'RESEARCHER' }], purposes: ['HRESEARCH'] } } }, patient.who)
    const GRANT = 'mutation ($t: JSON!, $s: String!) { grantConsent(typedData: $t, signature: $s) { id } }'
    const years = { ...d.grantToSign.typedData, message: { ...d.grantToSign.typedData.message, expiry: Math.floor(Date.now() / 1000) + 5 * 365 * 86_400 } }
    expect(codes(await gql(GRANT, { t: years, s: await signTypedData(patient.wallet, years) }, patient.who))).toEqual(['BAD_USER_INPUT'])
    const day = { ...d.grantToSign.typedData, message: { ...d.grantToSign.typedData.message, expiry: Math.floor(Date.now() / 1000) + 86_400 } }
    expect((await gql(GRANT, { t: day, s: await signTypedData(patient.wallet, day) }, patient.who)).body.errors).toBeUndefined()
  })

  it('normalizes webhook hosts before the set-time check: a trailing dot, IPv4 inside IPv6', async () => {
    for (const u of ['https://localhost.:8443/hook', 'https://LOCALHOST./hook', 'https://[::7f00:1]/hook', 'https://[::ffff:7f00:1]/hook', 'https://[::ffff:a9fe:a9fe]/hook']) {
      expect(codes(await gql('mutation ($u: String) { setEmergencyWebhook(url: $u) }', { u }, patient.who)), u).toEqual(['BAD_USER_INPUT'])
    }
    expect((await gql('mutation ($u: String) { setEmergencyWebhook(url: $u) }', { u: 'https://hooks.example.org./x' }, patient.who)).body.errors).toBeUndefined()
  })
})
