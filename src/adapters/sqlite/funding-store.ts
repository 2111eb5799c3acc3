/**
 * The SQLite {@link FundingCampaigns} (`<data folder>/research-funding.db`, durable): today's store unchanged,
 * behind the asynchronous port by {@link openSqliteFundingCampaigns}.
 */
import type { DatabaseSync } from 'node:sqlite'
import { openMigratedDatabase } from './sqlite-db.ts'
import type { Migration } from './sqlite-db.ts'
import type { CampaignRow, CampaignStatus, DonationSignatureRow, FundingCampaigns } from '../../ports/funding-campaigns.ts'

export type { CampaignRow, CampaignStatus, DonationSignatureRow } from '../../ports/funding-campaigns.ts'

const migrations: readonly Migration[] = [{
  version: 1,
  name: 'campaigns and donation signatures',
  sql: `
    CREATE TABLE campaigns (
      id                    TEXT    PRIMARY KEY,
      team_account_id       TEXT    NOT NULL,
      title                 TEXT    NOT NULL,
      plan                  TEXT    NOT NULL,
      goal                  INTEGER NOT NULL CHECK (goal > 0),
      deadline              INTEGER NOT NULL,
      qualifying_amount     INTEGER NOT NULL CHECK (qualifying_amount > 0),
      status                TEXT    NOT NULL CHECK (status IN ('OPEN', 'FUNDED', 'REFUNDED')),
      opened_at             INTEGER NOT NULL,
      contract_ledger_index INTEGER,
      treatment_plan        TEXT
    ) STRICT;
    CREATE TABLE donor_plans (
      campaign_id TEXT NOT NULL REFERENCES campaigns (id),
      donor       TEXT NOT NULL,
      plan        TEXT NOT NULL,
      PRIMARY KEY (campaign_id, donor)
    ) STRICT;
    CREATE TABLE donation_signatures (
      ref        TEXT PRIMARY KEY,
      campaign_id TEXT NOT NULL,
      donor      TEXT NOT NULL,
      amount     INTEGER NOT NULL,
      nonce      TEXT NOT NULL,
      signature  TEXT NOT NULL
    ) STRICT;
  `
}]

export class FundingStore {
  private readonly db: DatabaseSync
  constructor (file: string) {
    this.db = openMigratedDatabase(file, migrations, { synchronous: 'FULL' })
  }

  insert (row: Omit<CampaignRow, 'status' | 'contractLedgerIndex' | 'treatmentPlan'>): CampaignRow {
    this.db.prepare('INSERT INTO campaigns (id, team_account_id, title, plan, goal, deadline, qualifying_amount, status, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, \'OPEN\', ?)')
      .run(row.id, row.teamAccountId, row.title, row.plan, row.goal, row.deadline, row.qualifyingAmount, row.openedAt)
    return this.get(row.id)!
  }

  get (id: string): CampaignRow | undefined {
    const r = this.db.prepare('SELECT * FROM campaigns WHERE id = ?').get(id)
    return r === undefined ? undefined : rowOf(r)
  }

  /** Every campaign, newest first. */
  list (): CampaignRow[] {
    return this.db.prepare('SELECT * FROM campaigns ORDER BY opened_at DESC, id').all().map(rowOf)
  }

  /** Moves an OPEN campaign to its final status (no-op when already final). */
  settle (id: string, status: 'FUNDED' | 'REFUNDED', contractLedgerIndex: number | null): void {
    this.db.prepare('UPDATE campaigns SET status = ?, contract_ledger_index = ? WHERE id = ? AND status = \'OPEN\'').run(status, contractLedgerIndex, id)
  }

  setTreatmentPlan (id: string, plan: unknown): void {
    this.db.prepare('UPDATE campaigns SET treatment_plan = ? WHERE id = ?').run(JSON.stringify(plan), id)
  }

  /** A plan customized for one donor (replacing an earlier one). */
  setDonorPlan (campaignId: string, donor: string, plan: unknown): void {
    this.db.prepare('INSERT INTO donor_plans (campaign_id, donor, plan) VALUES (?, ?, ?) ON CONFLICT (campaign_id, donor) DO UPDATE SET plan = excluded.plan')
      .run(campaignId, donor, JSON.stringify(plan))
  }

  /** The plan customized for `donor`, if any. */
  donorPlan (campaignId: string, donor: string): unknown {
    const r = this.db.prepare('SELECT plan FROM donor_plans WHERE campaign_id = ? AND donor = ?').get(campaignId, donor)
    return r === undefined ? undefined : JSON.parse(r.plan as string) as unknown
  }

  addSignature (row: DonationSignatureRow): void {
    this.db.prepare('INSERT OR IGNORE INTO donation_signatures (ref, campaign_id, donor, amount, nonce, signature) VALUES (?, ?, ?, ?, ?, ?)')
      .run(row.ref, row.campaignId, row.donor, row.amount, row.nonce, row.signature)
  }

  signatures (campaignId: string): Map<string, DonationSignatureRow> {
    return new Map(this.db.prepare('SELECT * FROM donation_signatures WHERE campaign_id = ?').all(campaignId).map((r) => [r.ref as string, {
      ref: r.ref as string, campaignId: r.campaign_id as string, donor: r.donor as string, amount: Number(r.amount), nonce: r.nonce as string, signature: r.signature as string
    }]))
  }

  close (): void {
    if (this.db.isOpen) this.db.close()
  }
}

function rowOf (r: Record<string, unknown>): CampaignRow {
  return {
    id: r.id as string,
    teamAccountId: r.team_account_id as string,
    title: r.title as string,
    plan: r.plan as string,
    goal: Number(r.goal),
    deadline: Number(r.deadline),
    qualifyingAmount: Number(r.qualifying_amount),
    status: r.status as CampaignStatus,
    openedAt: Number(r.opened_at),
    contractLedgerIndex: r.contract_ledger_index === null ? null : Number(r.contract_ledger_index),
    treatmentPlan: r.treatment_plan === null ? null : JSON.parse(r.treatment_plan as string) as unknown
  }
}

/** Opens (creating or migrating) the funding store at `file` as {@link FundingCampaigns}. */
export function openSqliteFundingCampaigns (file: string): FundingCampaigns {
  const store = new FundingStore(file)
  let tail: Promise<unknown> = Promise.resolve()
  return {
    insert: async (row) => store.insert(row),
    get: async (id) => store.get(id),
    list: async () => store.list(),
    settle: async (id, status, index) => { store.settle(id, status, index) },
    setTreatmentPlan: async (id, plan) => { store.setTreatmentPlan(id, plan) },
    setDonorPlan: async (campaignId, donor, plan) => { store.setDonorPlan(campaignId, donor, plan) },
    donorPlan: async (campaignId, donor) => store.donorPlan(campaignId, donor),
    addSignature: async (row) => { store.addSignature(row) },
    signatures: async (campaignId) => store.signatures(campaignId),
    async exclusive<T> (fn: () => Promise<T>): Promise<T> {
      const run = tail.then(fn, fn)
      tail = run.catch(() => undefined)
      return run
    },
    close: () => store.close()
  }
}
