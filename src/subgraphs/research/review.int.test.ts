// Regression tests of the research security review: the capped token supply, one bill per encounter under
// concurrency, bill totals within GraphQL Int, and the relay's spam limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TypedDataRequest } from '../../core/consent/index.ts'
import { isError } from '../../core/errors.ts'
import { MAX_TOKEN_SUPPLY } from '../../core/tokens/index.ts'
import { signTypedData } from '../consent/test-kit.ts'
import type { Viewer } from '../context.ts'
import { patientKey } from '../records/patient-keys.ts'
import { accountViewer, openHarness } from '../records/test-kit.ts'
import type { Harness } from '../records/test-kit.ts'
import { researchSubgraph } from './index.ts'
import { corpusStore } from './corpus/model.ts'
import { MAX_MESSAGES_PER_DAY, MAX_NEW_CONTACTS_PER_DAY } from './corpus/relay.ts'
import { moveTokens, tokenBank } from './economy/tokens/bank.ts'

let h: Harness

beforeAll(async () => { h = await openHarness() })
afterAll(async () => { await h.close() })

describe('token supply', () => {
  it('refuses mints past MAX_TOKEN_SUPPLY (a GraphQL Int), appending nothing, so balances always serialize', async () => {
    const insurer = accountViewer('insurer', ['INSURER'])
    const deposit = 'mutation ($a: Int!, $r: String!) { depositTokens(amount: $a, ref: $r) { account balance } }'
    const minted = (await (await tokenBank(h.services)).totals()).minted
    const first = await h.run(researchSubgraph, deposit, { viewer: insurer, variables: { a: MAX_TOKEN_SUPPLY - minted, r: 'a' } })
    expect(first.errors).toBeUndefined()
    expect(first.data).toMatchObject({ depositTokens: { balance: MAX_TOKEN_SUPPLY - minted } })
    const size = h.services.ledger.size()
    const second = await h.run(researchSubgraph, deposit, { viewer: insurer, variables: { a: 1, r: 'b' } })
    expect(second.codes).toEqual(['CONFLICT'])
    const err = await moveTokens(h.services, [{ type: 'TokensMinted', to: 'patient:x', amount: 1, reason: 'research-share', ref: 'share:x', actor: 'system:rewards' }]).then(() => undefined, (e: unknown) => e)
    expect(isError(err, 'CONFLICT')).toBe(true)
    expect(h.services.ledger.size()).toBe(size)
    const supply = await h.run(researchSubgraph, '{ tokenSupply { minted circulating } myTokens { balance } }', { viewer: insurer })
    expect(supply.errors).toBeUndefined()
    expect(supply.data).toMatchObject({ tokenSupply: { minted: MAX_TOKEN_SUPPLY, circulating: MAX_TOKEN_SUPPLY } })
  })

  it('a share still succeeds, earning nothing, once the supply is exhausted', async () => {
    const p = h.registerPatient('sharer')
    const doctor: Viewer = { ...accountViewer('doc', ['PRACTITIONER']), practitionerId: 'pr-doc', practitionerOrganizationId: 'org-a', organizationIds: ['org-a'], verifiedOrganizationIds: ['org-a'] } as Viewer
    const [row] = await h.services.data!.spine.write([{ patient: patientKey(h.services, p.id), resource: { resourceType: 'Condition', code: { coding: [{ system: 'http://snomed.info/sct', code: '44054006' }] } } }], { actor: 'account:acct-doc' })
    const asked = await h.run(researchSubgraph, 'mutation ($p: ID!, $r: [ID!]) { requestResearchShare(patientId: $p, recordIds: $r) { id } }', { viewer: doctor, variables: { p: p.id, r: [row!.recordId] } })
    const requestId = (asked.data as { requestResearchShare: { id: string } }).requestResearchShare.id
    const toSign = await h.run(researchSubgraph, 'query ($r: ID!) { researchShareToSign(requestId: $r, occupation: OFFICE) { typedData } }', { viewer: p.viewer, variables: { r: requestId } })
    const typedData = (toSign.data as { researchShareToSign: { typedData: TypedDataRequest } }).researchShareToSign.typedData
    const shared = await h.run(researchSubgraph, 'mutation ($t: JSON!, $s: String!) { shareForResearch(typedData: $t, signature: $s) { records rewarded } }', { viewer: p.viewer, variables: { t: typedData, s: await signTypedData(p.wallet, typedData) } })
    expect(shared.errors).toBeUndefined()
    expect(shared.data).toEqual({ shareForResearch: { records: 1, rewarded: 0 } })
  })
})

describe('billing', () => {
  const bill = 'mutation ($o: ID!, $e: ID!, $i: [BillItemInput!]!) { billEncounter(organizationId: $o, encounterRecordId: $e, items: $i) { id total } }'

  it('bills an encounter once when two bills race, writing one Claim; refuses totals beyond a GraphQL Int', async () => {
    const p = h.registerPatient('billed')
    const [row] = await h.services.data!.spine.write([{ patient: patientKey(h.services, p.id), resource: { resourceType: 'Encounter', status: 'finished', serviceProvider: { reference: 'Organization/org-a' } } }], { actor: 'account:acct-admin' })
    const admin: Viewer = { ...accountViewer('admin', ['HOSPITAL_ADMIN']), organizationIds: ['org-a'], verifiedOrganizationIds: ['org-a'] } as Viewer
    const variables = { o: 'org-a', e: row!.recordId, i: [{ code: 'visit', amount: 5 }] }
    const huge = await h.run(researchSubgraph, bill, { viewer: admin, variables: { ...variables, i: [{ code: 'a', amount: 2_000_000_000 }, { code: 'b', amount: 2_000_000_000 }] } })
    expect(huge.codes).toEqual(['BAD_USER_INPUT'])
    const results = await Promise.all([h.run(researchSubgraph, bill, { viewer: admin, variables }), h.run(researchSubgraph, bill, { viewer: admin, variables })])
    expect(results.map((r) => r.codes).flat()).toEqual(['CONFLICT'])
    const claims = h.services.data!.index.byPatient(p.id, { resourceType: 'Claim' })
    expect(claims).toHaveLength(1)
  })
})

describe('enrolment', () => {
  it('enrols once when the same signed enrolment arrives twice at the same time (one PlanEnrolled entry)', async () => {
    const insurer = accountViewer('insurer-2', ['INSURER'])
    const plan = await h.run(researchSubgraph, 'mutation { createInsurancePlan(input: { name: "Walk", reward: 5 }) { id } }', { viewer: insurer })
    const planId = (plan.data as { createInsurancePlan: { id: string } }).createInsurancePlan.id
    const p = h.registerPatient('enrolling')
    const toSign = await h.run(researchSubgraph, 'query ($p: ID!) { enrolmentToSign(planId: $p) { typedData } }', { viewer: p.viewer, variables: { p: planId } })
    const typedData = (toSign.data as { enrolmentToSign: { typedData: TypedDataRequest } }).enrolmentToSign.typedData
    const signature = await signTypedData(p.wallet, typedData)
    const enrol = 'mutation ($t: JSON!, $s: String!) { enrolInPlan(typedData: $t, signature: $s) { id } }'
    const results = await Promise.all([0, 1].map(async () => h.run(researchSubgraph, enrol, { viewer: p.viewer, variables: { t: typedData, s: signature } })))
    expect(results.map((r) => r.codes).flat()).toEqual([])
    const ids = results.map((r) => (r.data as { enrolInPlan: { id: string } }).enrolInPlan.id)
    expect(ids[0]).toBe(ids[1])
    expect([...h.services.ledger.entries()].filter(({ entry }) => entry.type === 'PlanEnrolled' && (entry as { planId?: string }).planId === planId)).toHaveLength(1)
  })
})

describe('k-anonymity of single answers with non-quasi filters', () => {
  // Six people of one equivalence class; only one of them has condition X, a Procedure, and recovered.
  // Decision: filters select people, and classes are counted inside the selection, so a filter that matches
  // one person's records leaves a class of one, which is withheld, however large the class is in the corpus.
  const X = 'http://snomed.info/sct|999001'
  const PROC = 'http://snomed.info/sct|999002'
  const qi = { ageBand: '50-59', sex: 'female', region: 'XX', occupation: 'MANUAL' as const }
  const researcher = accountViewer('researcher', ['RESEARCHER'])

  it('withholds the one person a condition, treatment or resource type filter singles out, in every query', async () => {
    const store = corpusStore(h)
    for (let i = 0; i < 6; i++) {
      const pseudonym = `r-single-${i}`
      const copies = [{ recordId: `rec-${i}-obs`, resourceType: 'Observation', codes: ['http://loinc.org|8867-4'], resource: { resourceType: 'Observation', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] } } }]
      if (i === 0) {
        copies.push({ recordId: 'rec-0-cond', resourceType: 'Condition', codes: [X], resource: { resourceType: 'Condition', clinicalStatus: { coding: [{ code: 'resolved' }] }, code: { coding: [{ system: 'http://snomed.info/sct', code: '999001' }] } } as never })
        copies.push({ recordId: 'rec-0-proc', resourceType: 'Procedure', codes: [PROC], resource: { resourceType: 'Procedure', code: { coding: [{ system: 'http://snomed.info/sct', code: '999002' }] } } })
      }
      // Released together as one batch of the six (corpus-store.ts): this test is about each answer's k.
      store.writeShare({ share: { id: `s-single-${i}`, requestId: 'none', patientId: `p-single-${i}`, pseudonym, records: copies.length, rewarded: 0, entryIndex: 0, sharedAt: 0 }, qi, copies }, 6)
    }
    const run = async (q: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> => {
      const r = await h.run(researchSubgraph, q, { viewer: researcher, variables })
      expect(r.errors).toBeUndefined()
      return r.data as Record<string, unknown>
    }
    const page = 'query ($f: CorpusFilter) { corpusRecords(filter: $f) { records { pseudonym } withheld } }'
    expect(await run(page, { f: { region: 'XX' } })).toMatchObject({ corpusRecords: { withheld: false } })
    for (const f of [{ condition: X }, { treatment: PROC }, { resourceTypes: ['Procedure'] }, { region: 'XX', resourceTypes: ['Condition', 'Procedure'] }]) {
      expect(await run(page, { f }), JSON.stringify(f)).toEqual({ corpusRecords: { records: [], withheld: true } })
      const cohort = await run('query ($f: CorpusFilter) { exportCohort(filter: $f) { records ndjson } }', { f })
      expect(cohort).toEqual({ exportCohort: { records: 0, ndjson: '' } })
      const cells = await run('query ($f: CorpusFilter) { corpusAggregate(filter: $f, by: [SEX]) { count } }', { f })
      expect(cells).toEqual({ corpusAggregate: [{ count: null }] })
    }
    const tooMany = await h.run(researchSubgraph, page, { viewer: researcher, variables: { f: { resourceTypes: Array.from({ length: 51 }, (_, i) => `T${i}`) } } })
    expect(tooMany.codes).toEqual(['BAD_USER_INPUT'])
    const outcomes = await run('query ($c: String!) { conditionOutcomes(condition: $c) { overall { persons recovered } treatments { persons recovered } } }', { c: X })
    expect(outcomes).toEqual({ conditionOutcomes: { overall: { persons: null, recovered: null }, treatments: [] } })
    store.relay.handleOf('p-single-0', () => 'h-single-0')
    store.relay.setPeerContact('p-single-0', true)
    const asker = h.registerPatient('asker')
    const peers = await h.run(researchSubgraph, 'query ($c: String!) { recoveredPeers(condition: $c) }', { viewer: asker.viewer, variables: { c: X } })
    expect(peers.data).toEqual({ recoveredPeers: [] })
  })
})

describe('relay spam limits', () => {
  it(`allows ${MAX_NEW_CONTACTS_PER_DAY} new conversations and ${MAX_MESSAGES_PER_DAY} messages a day; replies and existing conversations are not new`, async () => {
    const store = corpusStore(h)
    const sender = h.registerPatient('spammer')
    const send = 'mutation ($to: String!) { sendRelayMessage(to: $to, body: "hello") { id } }'
    const peers = Array.from({ length: MAX_NEW_CONTACTS_PER_DAY + 1 }, (_, i) => {
      const handle = store.relay.handleOf(`peer-${i}`, () => `h-peer-${i}`)
      store.relay.setPeerContact(`peer-${i}`, true)
      return handle
    })
    for (const to of peers.slice(0, MAX_NEW_CONTACTS_PER_DAY)) expect((await h.run(researchSubgraph, send, { viewer: sender.viewer, variables: { to } })).codes).toEqual([])
    expect((await h.run(researchSubgraph, send, { viewer: sender.viewer, variables: { to: peers.at(-1) } })).codes).toEqual(['CONFLICT'])
    // An unknown handle is still NOT_FOUND (the limit reveals nothing about handles).
    expect((await h.run(researchSubgraph, send, { viewer: sender.viewer, variables: { to: 'h-nobody' } })).codes).toEqual(['NOT_FOUND'])
    // Writing again in an open conversation is not a new one, up to the daily message limit.
    let sent = MAX_NEW_CONTACTS_PER_DAY
    while (sent < MAX_MESSAGES_PER_DAY) {
      expect((await h.run(researchSubgraph, send, { viewer: sender.viewer, variables: { to: peers[0] } })).codes).toEqual([])
      sent++
    }
    expect((await h.run(researchSubgraph, send, { viewer: sender.viewer, variables: { to: peers[0] } })).codes).toEqual(['CONFLICT'])
  })
})
