// The first vertical slice, end to end over HTTP against a started gateway with every subgraph in-process:
// SIWE login, create a record, read it back decrypted with a verifiable anchor, denied read by another user.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { fromHex, verifyInclusion } from '../../src/core/merkle/index.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { codes, post } from '../gateway/helpers.ts'
import type { GraphQLReply } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'

const CHALLENGE = 'mutation ($address: String!) { siweChallenge(address: $address) { nonce message expiresAt } }'
const SIGN_IN = 'mutation ($message: String!, $signature: String!) { signIn(message: $message, signature: $signature) { token account { id address } } }'

describe('vertical slice over HTTP', () => {
  const tmp = tempDir('medledger-e2e-')
  const clock = { t: Date.now(), now () { return this.t } }
  let services: Awaited<ReturnType<typeof openServices>>
  let gw: RunningServer
  const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLReply> =>
    post(gw.url, { query, variables }, token === undefined ? {} : { authorization: `Bearer ${token}` })

  async function login (wallet: Pick<Wallet, 'address' | 'signMessage'>): Promise<string> {
    const c = await gql(CHALLENGE, { address: wallet.address })
    const message = (c.body.data!.siweChallenge as { message: string }).message
    const r = await gql(SIGN_IN, { message, signature: await wallet.signMessage(message) })
    expect(r.body.errors).toBeUndefined()
    return (r.body.data!.signIn as { token: string }).token
  }

  async function registerPatient (token: string): Promise<string> {
    const r = await gql('mutation { registerPatient { id publicKey } }', {}, token)
    expect(r.body.errors).toBeUndefined()
    return (r.body.data!.registerPatient as { id: string }).id
  }

  beforeAll(async () => {
    services = await openServices({ dataDir: tmp.dir, ownsData: true, clock, sealIntervalMs: 50, fsync: false })
    gw = await createGateway({ services, port: 0 })
  })
  afterAll(async () => {
    await gw.stop()
    await services.close()
    tmp.cleanup()
  })

  describe('Sign-In with Ethereum', () => {
    it('exchanges a wallet signature for a bearer token that identifies the account', async () => {
      const wallet = Wallet.createRandom()
      const token = await login(wallet)
      const me = await gql('{ me { address roles } }', {}, token)
      expect(me.body.data!.me).toEqual({ address: wallet.address, roles: [] })
    })

    it('refuses a replayed nonce', async () => {
      const wallet = Wallet.createRandom()
      const c = await gql(CHALLENGE, { address: wallet.address })
      const message = (c.body.data!.siweChallenge as { message: string }).message
      const signature = await wallet.signMessage(message)
      expect((await gql(SIGN_IN, { message, signature })).body.errors).toBeUndefined()
      const replay = await gql(SIGN_IN, { message, signature })
      expect(codes(replay)).toEqual(['UNAUTHENTICATED'])
      expect(replay.body.data).toBeNull()
    })

    it('refuses an expired message', async () => {
      const wallet = Wallet.createRandom()
      const c = await gql(CHALLENGE, { address: wallet.address })
      const message = (c.body.data!.siweChallenge as { message: string }).message
      const signature = await wallet.signMessage(message)
      clock.t += 60 * 60 * 1000
      try {
        expect(codes(await gql(SIGN_IN, { message, signature }))).toEqual(['UNAUTHENTICATED'])
      } finally {
        clock.t -= 60 * 60 * 1000
      }
    })

    it('refuses a signature by another key', async () => {
      const wallet = Wallet.createRandom()
      const c = await gql(CHALLENGE, { address: wallet.address })
      const message = (c.body.data!.siweChallenge as { message: string }).message
      const forged = await Wallet.createRandom().signMessage(message)
      expect(codes(await gql(SIGN_IN, { message, signature: forged }))).toEqual(['UNAUTHENTICATED'])
    })

    it('refuses a tampered bearer token', async () => {
      const token = await login(Wallet.createRandom())
      const tampered = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA')
      expect(codes(await gql('{ me { id } }', {}, tampered))).toEqual(['UNAUTHENTICATED'])
    })
  })

  describe('a patient writes and reads a record; nobody else does', () => {
    let ownerToken: string
    let patientId: string
    let recordId: string
    const marker = 'note-7f3a-only-the-owner-may-read-this'
    const observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
      effectiveDateTime: '2026-11-20T08:30:00Z',
      valueQuantity: { value: 64, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
      note: [{ text: marker }]
    }

    beforeAll(async () => {
      ownerToken = await login(Wallet.createRandom())
      patientId = await registerPatient(ownerToken)
      const created = await gql('mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id version resourceType anchor { entryIndex cid } } }',
        { p: patientId, f: { ...observation, subject: { reference: `Patient/${patientId}` } } }, ownerToken)
      expect(created.body.errors).toBeUndefined()
      recordId = (created.body.data!.createRecord as { id: string }).id
    })

    it('reads it back decrypted, with an anchor whose inclusion proof verifies against the signed block root', async () => {
      const query = `query ($id: ID!) { record(id: $id) { id version resourceType codes fhir
        anchor { entryIndex cid leafHash inclusionProof block { height treeSize root signer } } } }`
      let record: { fhir: Record<string, unknown>, codes: string[], anchor: { entryIndex: number, cid: string, leafHash: string, inclusionProof: string[] | null, block: { height: number, treeSize: number, root: string } | null } } | undefined
      for (let i = 0; i < 100; i++) {
        const r = await gql(query, { id: recordId }, ownerToken)
        expect(r.body.errors).toBeUndefined()
        record = r.body.data!.record as typeof record
        if (record!.anchor.block !== null) break
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(record!.fhir).toEqual({ ...observation, subject: { reference: `Patient/${patientId}` } })
      expect(record!.codes).toEqual(['http://loinc.org|8867-4'])
      expect(record!.anchor.cid).toMatch(/^baf/)
      const { anchor } = record!
      expect(anchor.block).not.toBeNull()
      const ok = verifyInclusion(fromHex(anchor.leafHash), anchor.entryIndex, anchor.block!.treeSize, anchor.inclusionProof!.map(fromHex), fromHex(anchor.block!.root))
      expect(ok).toBe(true)
      // the proof is not vacuous: a different leaf or root fails
      const otherRoot = anchor.block!.root.replace(/^./, (c) => (c === '0' ? '1' : '0'))
      expect(verifyInclusion(fromHex(anchor.leafHash), anchor.entryIndex, anchor.block!.treeSize, anchor.inclusionProof!.map(fromHex), fromHex(otherRoot))).toBe(false)
      const head = await gql('{ ledgerHead { root treeSize signer } }')
      expect((head.body.data!.ledgerHead as { signer: string }).signer).toBe(services.data!.keys.ledgerSigner().address)
    })

    it('denies another user with CONSENT_REQUIRED and nothing of the body, and logs the attempt for the patient', async () => {
      const strangerToken = await login(Wallet.createRandom())
      await registerPatient(strangerToken)
      const r = await gql('query ($id: ID!) { record(id: $id) { id fhir resourceType } }', { id: recordId }, strangerToken)
      expect(codes(r)).toEqual(['CONSENT_REQUIRED'])
      expect(r.body.data?.record ?? null).toBeNull()
      expect(JSON.stringify(r.body)).not.toContain(marker)
      expect(JSON.stringify(r.body)).not.toContain('8867-4')

      const list = await gql('query ($p: ID!) { patient(id: $p) { id } }', { p: patientId }, strangerToken)
      expect(codes(list)).toEqual(['FORBIDDEN'])

      const anonymous = await gql('query ($id: ID!) { record(id: $id) { fhir } }', { id: recordId })
      expect(codes(anonymous)[0]).toMatch(/UNAUTHENTICATED|CONSENT_REQUIRED/)
      expect(JSON.stringify(anonymous.body)).not.toContain(marker)

      const log = await gql('query ($p: ID!) { patient(id: $p) { accessLog { decision recordIds purpose } } }', { p: patientId }, ownerToken)
      expect(log.body.errors).toBeUndefined()
      const entries = (log.body.data!.patient as { accessLog: Array<{ decision: string, recordIds: string[] }> }).accessLog
      expect(entries.some((e) => e.decision === 'DENY' && e.recordIds.includes(recordId))).toBe(true)
    })

    it('costs the same number of backend batches for a list of 1 and a list of 50 records', async () => {
      const inputs = Array.from({ length: 49 }, (_, i) => ({ ...observation, valueQuantity: { ...observation.valueQuantity, value: 60 + i } }))
      for (const f of inputs) {
        const r = await gql('mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', { p: patientId, f }, ownerToken)
        expect(r.body.errors).toBeUndefined()
      }
      const query = `query ($p: ID!, $n: Int!) { patient(id: $p) { id records(first: $n) { totalCount edges { node { id version fhir author anchor { cid entryIndex } } } } } }`
      const batches = async (n: number): Promise<Record<string, number>> => {
        services.metrics.reset()
        const r = await gql(query, { p: patientId, n }, ownerToken)
        expect(r.body.errors).toBeUndefined()
        const records = (r.body.data!.patient as { records: { totalCount: number, edges: unknown[] } }).records
        expect(records.edges).toHaveLength(n)
        expect(records.totalCount).toBe(50)
        return services.metrics.snapshot()
      }
      const one = await batches(1)
      const fifty = await batches(50)
      expect(Object.keys(one).length).toBeGreaterThan(0)
      expect(fifty).toEqual(one)
    })
  })
})
