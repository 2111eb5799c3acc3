/**
 * The PostgreSQL {@link FundingCampaigns}: research-funding.db's tables as `funding_*`. `exclusive` admits one
 * donor/settler per process (a promise chain) and one across the cluster (a session advisory lock), as the
 * SerialQueue did within one process: a settlement reads the escrow and moves it without a donation landing
 * in between. Donation nonces are single-use through their token ref (see the token bank).
 */
import type { Pool } from 'pg'
import type { CampaignRow, CampaignStatus, DonationSignatureRow, FundingCampaigns } from '../../ports/funding-campaigns.ts'
import { migratePostgres } from './pool.ts'
import { advisoryTurns } from './advisory-turns.ts'
import type { PgMigration } from './pool.ts'

/** The store's name in medledger_migrations (the SQLite file's name). */
export const FUNDING_STORE = 'research-funding'

/** Advisory lock key of the cluster's one donor/settler. */
const FUNDING_LOCK = 0x6d65_646c_0202n

export const fundingMigrations: readonly PgMigration[] = [{
  version: 1,
  name: 'campaigns and donation signatures',
  sql: `
    CREATE TABLE funding_campaigns (
      id                    text   PRIMARY KEY,
      team_account_id       text   NOT NULL,
      title                 text   NOT NULL,
      plan                  text   NOT NULL,
      goal                  bigint NOT NULL CHECK (goal > 0),
      deadline              bigint NOT NULL,
      qualifying_amount     bigint NOT NULL CHECK (qualifying_amount > 0),
      status                text   NOT NULL CHECK (status IN ('OPEN', 'FUNDED', 'REFUNDED')),
      opened_at             bigint NOT NULL,
      contract_ledger_index bigint,
      treatment_plan        text
    );
    CREATE TABLE funding_donor_plans (
      campaign_id text NOT NULL REFERENCES funding_campaigns (id),
      donor       text NOT NULL,
      plan        text NOT NULL,
      PRIMARY KEY (campaign_id, donor)
    );
    CREATE TABLE funding_donation_signatures (
      ref         text   PRIMARY KEY,
      campaign_id text   NOT NULL,
      donor       text   NOT NULL,
      amount      bigint NOT NULL,
      nonce       text   NOT NULL,
      signature   text   NOT NULL
    );
    CREATE INDEX funding_donation_signatures_campaign ON funding_donation_signatures (campaign_id);
  `
}]

/** SQLite table of research-funding.db → PostgreSQL table (store migrate), parents first. */
export const FUNDING_TABLES = { campaigns: 'funding_campaigns', donor_plans: 'funding_donor_plans', donation_signatures: 'funding_donation_signatures' } as const

interface CampaignDbRow {
  id: string, team_account_id: string, title: string, plan: string, goal: number, deadline: number, qualifying_amount: number
  status: string, opened_at: number, contract_ledger_index: number | null, treatment_plan: string | null
}

/**
 * The funding store on `pool` (the process's shared pool: close() leaves it open). Migrates on first use.
 * @throws whatever pg throws when the database cannot be reached (from the first call)
 */
export function openPostgresFundingCampaigns (pool: Pool): FundingCampaigns {
  let migrated: Promise<void> | undefined
  const ready = async (): Promise<void> => {
    migrated ??= migratePostgres(pool, FUNDING_STORE, fundingMigrations).catch((err: unknown) => { migrated = undefined; throw err })
    return migrated
  }
  const get = async (id: string): Promise<CampaignRow | undefined> => {
    await ready()
    const r = (await pool.query<CampaignDbRow>('SELECT * FROM funding_campaigns WHERE id = $1', [id])).rows[0]
    return r === undefined ? undefined : rowOf(r)
  }
  return {
    async insert (row) {
      await ready()
      await pool.query("INSERT INTO funding_campaigns (id, team_account_id, title, plan, goal, deadline, qualifying_amount, status, opened_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'OPEN', $8)",
        [row.id, row.teamAccountId, row.title, row.plan, row.goal, row.deadline, row.qualifyingAmount, row.openedAt])
      return (await get(row.id))!
    },
    get,
    async list () {
      await ready()
      return (await pool.query<CampaignDbRow>('SELECT * FROM funding_campaigns ORDER BY opened_at DESC, id')).rows.map(rowOf)
    },
    async settle (id, status, contractLedgerIndex) {
      await ready()
      await pool.query("UPDATE funding_campaigns SET status = $1, contract_ledger_index = $2 WHERE id = $3 AND status = 'OPEN'", [status, contractLedgerIndex, id])
    },
    async setTreatmentPlan (id, plan) {
      await ready()
      await pool.query('UPDATE funding_campaigns SET treatment_plan = $1 WHERE id = $2', [JSON.stringify(plan), id])
    },
    async setDonorPlan (campaignId, donor, plan) {
      await ready()
      await pool.query('INSERT INTO funding_donor_plans (campaign_id, donor, plan) VALUES ($1, $2, $3) ON CONFLICT (campaign_id, donor) DO UPDATE SET plan = excluded.plan',
        [campaignId, donor, JSON.stringify(plan)])
    },
    async donorPlan (campaignId, donor) {
      await ready()
      const r = (await pool.query<{ plan: string }>('SELECT plan FROM funding_donor_plans WHERE campaign_id = $1 AND donor = $2', [campaignId, donor])).rows[0]
      return r === undefined ? undefined : JSON.parse(r.plan) as unknown
    },
    async addSignature (row) {
      await ready()
      await pool.query('INSERT INTO funding_donation_signatures (ref, campaign_id, donor, amount, nonce, signature) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (ref) DO NOTHING',
        [row.ref, row.campaignId, row.donor, row.amount, row.nonce, row.signature])
    },
    async signatures (campaignId) {
      await ready()
      const { rows } = await pool.query<{ ref: string, campaign_id: string, donor: string, amount: number, nonce: string, signature: string }>(
        'SELECT * FROM funding_donation_signatures WHERE campaign_id = $1', [campaignId])
      return new Map(rows.map((r): [string, DonationSignatureRow] => [r.ref, { ref: r.ref, campaignId: r.campaign_id, donor: r.donor, amount: Number(r.amount), nonce: r.nonce, signature: r.signature }]))
    },
    exclusive: advisoryTurns(pool, FUNDING_LOCK, ready),
    close: () => {}
  }
}

function rowOf (r: CampaignDbRow): CampaignRow {
  return {
    id: r.id,
    teamAccountId: r.team_account_id,
    title: r.title,
    plan: r.plan,
    goal: Number(r.goal),
    deadline: Number(r.deadline),
    qualifyingAmount: Number(r.qualifying_amount),
    status: r.status as CampaignStatus,
    openedAt: Number(r.opened_at),
    contractLedgerIndex: r.contract_ledger_index === null ? null : Number(r.contract_ledger_index),
    treatmentPlan: r.treatment_plan === null ? null : JSON.parse(r.treatment_plan) as unknown
  }
}
