// Emergency notifications by webhook: a contact's URL gets a POST (ids only) from the durable outbox;
// a failing receiver is retried on the backoff schedule, and a restart in between loses nothing.
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { codes } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'
import { client, login, ok } from './consent-helpers.ts'
import type { Credential } from './consent-helpers.ts'
import { hospitalDoctor, newPerson, registerPatient, setContacts, signedContacts } from './emergency-helpers.ts'

const tmp = tempDir('medledger-emergency-hook-')
const clock = { t: Date.parse('2026-11-28T12:00:00Z'), now () { return this.t } }
const options = { dataDir: tmp.dir, ownsData: true, clock, sealIntervalMs: 50, fsync: false }
let services: Awaited<ReturnType<typeof openServices>>
let gw: RunningServer | undefined
const gql = client(() => gw!.url)
const alice = newPerson()
const bob = newPerson()
const carol = newPerson()
let doctor: Credential
let receiver: Server
let url = ''
const receiverState = { answer: 500, attempts: 0, delivered: [] as Array<Record<string, string>> }

async function start (): Promise<void> {
  services = await openServices(options)
  gw = await createGateway({ services, port: 0 })
}
async function until (cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((resolve) => setTimeout(resolve, 25))
  expect(cond()).toBe(true)
}

beforeAll(async () => {
  // The receiver listens on loopback, which production refuses (webhook-url.ts).
  process.env.MEDLEDGER_WEBHOOK_PRIVATE = 'allow'
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => { body += c.toString() })
    req.on('end', () => {
      receiverState.attempts++
      if (receiverState.answer === 200) receiverState.delivered.push(JSON.parse(body) as Record<string, string>)
      res.writeHead(receiverState.answer).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
  await start()
  for (const p of [alice, bob, carol]) await registerPatient(gql, p)
  doctor = await hospitalDoctor(gql, services, 'H', 'Dr H')
  expect((await setContacts(gql, alice, await signedContacts(gql, alice, [bob.id, carol.id], 2))).body.errors).toBeUndefined()
  for (const c of [bob, carol]) await ok(gql, 'mutation ($p: ID!) { answerContactRole(patientId: $p, accept: true) { status } }', { p: alice.id }, c.who)
})

afterAll(async () => {
  await gw?.stop()
  await services?.close()
  await new Promise((resolve) => receiver.close(resolve))
  tmp.cleanup()
})

describe('emergency webhooks', () => {
  it('refuses a URL that is not http(s)', async () => {
    expect(codes(await gql('mutation { setEmergencyWebhook(url: "file:///etc/passwd") }', {}, bob.who))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await gql('mutation { setEmergencyWebhook(url: "x") }', {}, doctor))).toEqual(['FORBIDDEN'])
  })

  it('refuses loopback, private and plain-http URLs unless MEDLEDGER_WEBHOOK_PRIVATE=allow', async () => {
    delete process.env.MEDLEDGER_WEBHOOK_PRIVATE
    try {
      for (const u of [url, 'https://127.0.0.1/hook', 'https://localhost/hook', 'https://10.1.2.3/hook', 'https://[::1]/hook', 'https://169.254.169.254/latest', 'http://example.org/hook']) {
        expect(codes(await gql('mutation ($u: String) { setEmergencyWebhook(url: $u) }', { u }, bob.who)), u).toEqual(['BAD_USER_INPUT'])
      }
      await ok(gql, 'mutation { setEmergencyWebhook(url: "https://hooks.example.org/medledger") }', {}, bob.who)
    } finally {
      process.env.MEDLEDGER_WEBHOOK_PRIVATE = 'allow'
    }
  })

  it('retries a failing receiver, across a restart, until delivered once', async () => {
    await ok(gql, 'mutation ($u: String) { setEmergencyWebhook(url: $u) }', { u: url }, bob.who)
    const requestId = (await ok<{ openEmergencyRequest: { id: string } }>(gql, 'mutation ($p: ID!) { openEmergencyRequest(patientId: $p, reason: "unconscious") { id } }', { p: alice.id }, doctor)).openEmergencyRequest.id
    await until(() => receiverState.attempts >= 1)
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(receiverState.attempts).toBe(1) // the clock stands still: the retry waits for its delay
    await gw?.stop()
    await services.close()
    receiverState.answer = 200
    await start()
    bob.who = { bearer: (await login(gql, bob.wallet)).bearer }
    const inbox = await ok<{ myEmergencyInbox: Array<{ id: string, request: { id: string } }> }>(gql, '{ myEmergencyInbox { id request { id } } }', {}, bob.who)
    expect(inbox.myEmergencyInbox.map((n) => n.request.id)).toEqual([requestId])
    clock.t += 1000
    await until(() => receiverState.delivered.length === 1)
    expect(receiverState.delivered[0]).toEqual({ type: 'medledger.emergency.request', notificationId: inbox.myEmergencyInbox[0]!.id, requestId, time: new Date(clock.t - 1000).toISOString() })
    clock.t += 600_000
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(receiverState.attempts).toBe(2) // delivered: never again; carol has no URL
  })
})
