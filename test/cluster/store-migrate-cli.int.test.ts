/**
 * `medledger store migrate`: an embedded installation's stores move to PostgreSQL with equal
 * per-table counts, and the services then read the same answers from PostgreSQL without re-applying the
 * ledger (the cursor moves with the rows).
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fundingStore } from '../../src/subgraphs/research/economy/funding/settle.ts'
import { insuranceStore } from '../../src/subgraphs/research/economy/insurance/programme.ts'
import { moveTokens, tokenBank } from '../../src/subgraphs/research/economy/tokens/bank.ts'
import { creditReward } from '../../src/subgraphs/research/economy/tokens/reward.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { runCliAsync } from '../support/cli.ts'
import { tempDir } from '../support/data.ts'
import { testDatabase } from '../support/postgres.ts'

describe('medledger store migrate', () => {
  const tmp = tempDir('medledger-store-migrate-')
  let db: Awaited<ReturnType<typeof testDatabase>>
  beforeAll(async () => { db = await testDatabase() })
  afterAll(async () => { await db.drop(); tmp.cleanup() })

  it('copies the token, funding and insurance stores with equal counts; the services then answer the same from PostgreSQL', async () => {
    const embedded = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 0, fsync: false, postgresUrl: null })
    for (let i = 0; i < 12; i++) await creditReward(embedded, { account: `patient:p${i % 4}`, amount: 10 + i, reason: 'research-share', ref: `share:${i}` })
    await moveTokens(embedded, [
      { type: 'TokensTransferred', from: 'patient:p1', to: 'escrow:c1', amount: 7, reason: 'donation', ref: 'd1', actor: 'account:a' },
      { type: 'TokensBurned', from: 'patient:p2', amount: 3, reason: 'burn', ref: 'b1', actor: 'system:t' }
    ])
    const campaign = { id: 'c1', teamAccountId: 'team', title: 'Trial', plan: 'p', goal: 50, deadline: Date.now() + 86_400_000, qualifyingAmount: 5, openedAt: Date.now() }
    await fundingStore(embedded).insert(campaign)
    await fundingStore(embedded).setDonorPlan('c1', 'patient:p1', { resourceType: 'CarePlan' })
    const plan = { id: 'pl1', insurerAccountId: 'ins', name: 'Steps', minDailySteps: 8000, days: 30, minAdherencePercent: 80, reward: 100, coveragePercent: 50, coverageLimitPerClaim: 500, createdAt: Date.now() }
    await insuranceStore(embedded).insertPlan(plan)
    await insuranceStore(embedded).enrol({ id: 'e1', planId: 'pl1', patientId: 'p1', enrolledAt: Date.now(), ledgerIndex: 0 })
    const bank = await tokenBank(embedded)
    const before = { balances: await bank.balances(), totals: await bank.totals(), history: await bank.history('patient:p1', 50), position: await bank.position() }
    await embedded.close()

    const moved = await runCliAsync(['store', 'migrate', '--from', tmp.dir, '--to', db.url, '--json'])
    expect(moved.stderr).toBe('')
    expect(moved.status).toBe(0)
    const report = JSON.parse(moved.stdout) as { stores: Array<{ store: string, found: boolean, tables: Array<{ table: string, source: number, target: number }> }> }
    const tokens = report.stores.find((s) => s.store === 'tokens')!
    expect(tokens.found).toBe(true)
    expect(Object.fromEntries(tokens.tables.map((t) => [t.table, [t.source, t.target]]))).toEqual({
      token_cursor: [1, 1], token_totals: [1, 1], token_balances: [5, 5], token_refs: [14, 14], token_history: [15, 15]
    })

    expect(Object.fromEntries(report.stores.find((s) => s.store === 'research-funding')!.tables.map((t) => [t.table, [t.source, t.target]]))).toEqual({
      funding_campaigns: [1, 1], funding_donor_plans: [1, 1], funding_donation_signatures: [0, 0]
    })
    expect(Object.fromEntries(report.stores.find((s) => s.store === 'research-insurance')!.tables.map((t) => [t.table, [t.source, t.target]]))).toEqual({
      insurance_plans: [1, 1], insurance_enrolments: [1, 1], insurance_programme_data: [0, 0], insurance_bills: [0, 0]
    })

    const clustered = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 0, fsync: false, postgresUrl: db.url })
    try {
      expect(await fundingStore(clustered).get('c1')).toMatchObject({ ...campaign, status: 'OPEN' })
      expect(await fundingStore(clustered).donorPlan('c1', 'patient:p1')).toEqual({ resourceType: 'CarePlan' })
      expect(await insuranceStore(clustered).plan('pl1')).toEqual(plan)
      expect((await insuranceStore(clustered).enrolmentsOfPatient('p1')).map((e) => e.id)).toEqual(['e1'])
      const pgBank = await tokenBank(clustered)
      expect(await pgBank.position()).toBe(before.position)
      expect(await pgBank.balances()).toEqual(before.balances)
      expect(await pgBank.totals()).toEqual(before.totals)
      expect(await pgBank.history('patient:p1', 50)).toEqual(before.history)
      // the bank on PostgreSQL keeps moving: a replayed ref moves nothing, a new one lands
      expect((await creditReward(clustered, { account: 'patient:p0', amount: 10, reason: 'research-share', ref: 'share:0' })).credited).toBe(false)
      expect((await creditReward(clustered, { account: 'patient:p0', amount: 5, reason: 'research-share', ref: 'share:new' })).credited).toBe(true)
      expect(await pgBank.balance('patient:p0')).toBe(before.balances.get('patient:p0')! + 5)
    } finally {
      await clustered.close()
    }
    const c = new pg.Client({ connectionString: db.url })
    await c.connect()
    try { expect(Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM token_refs')).rows[0]!.n)).toBe(15) } finally { await c.end() }

    const again = await runCliAsync(['store', 'migrate', '--from', tmp.dir, '--to', db.url])
    expect(again.status).toBe(1)
    expect(again.stderr).toContain('CONFLICT')
  })
})
