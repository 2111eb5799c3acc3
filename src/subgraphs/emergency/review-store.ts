/**
 * Auditors' reviews of break-glass aid contracts (migration 6 of store.ts): one review per contract, with the
 * position of its `BreakGlassReviewed` ledger entry.
 */
import type { DatabaseSync } from 'node:sqlite'
import type { Migration } from '../../adapters/sqlite/sqlite-db.ts'
import { makeError } from '../../core/errors.ts'
import { contractOf } from './aid-store.ts'
import type { AidContractRow } from './aid-store.ts'

import type { BreakGlassOutcome, BreakGlassReviewRow } from '../../ports/emergency-store.ts'

export type { BreakGlassOutcome, BreakGlassReviewRow }

export const reviewMigration: Migration = {
  version: 6,
  name: 'break-glass reviews',
  sql: `
    CREATE TABLE break_glass_reviews (contract_id TEXT PRIMARY KEY, reviewer TEXT NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('JUSTIFIED', 'UNJUSTIFIED')), note TEXT NOT NULL, time INTEGER NOT NULL,
      entry_index INTEGER NOT NULL) STRICT;
  `
}

/** The review part of the emergency store. */
export class ReviewTables {
  private readonly db: DatabaseSync
  constructor (db: DatabaseSync) { this.db = db }

  /** Break-glass contracts with (`reviewed`) or without a review, oldest first, at most `limit`. */
  queue (reviewed: boolean, limit: number): AidContractRow[] {
    const rows = this.db.prepare(`SELECT c.* FROM contracts c LEFT JOIN break_glass_reviews r ON r.contract_id = c.id
      WHERE c.break_glass = 1 AND r.contract_id IS ${reviewed ? 'NOT ' : ''}NULL ORDER BY c.start, c.rowid LIMIT ?`).all(limit)
    return rows.map(contractOf)
  }

  /** The review of a contract, if any. */
  review (contractId: string): BreakGlassReviewRow | undefined {
    const r = this.db.prepare('SELECT * FROM break_glass_reviews WHERE contract_id = ?').get(contractId)
    return r === undefined ? undefined : { contractId: r.contract_id as string, reviewer: r.reviewer as string, outcome: r.outcome as BreakGlassOutcome, note: r.note as string, time: r.time as number, entryIndex: r.entry_index as number }
  }

  /** @throws MedledgerError CONFLICT when the contract has a review already */
  add (row: BreakGlassReviewRow): void {
    try {
      this.db.prepare('INSERT INTO break_glass_reviews VALUES (?, ?, ?, ?, ?, ?)').run(row.contractId, row.reviewer, row.outcome, row.note, row.time, row.entryIndex)
    } catch (err) {
      if (String((err as Error).message).includes('UNIQUE')) throw makeError('the contract has been reviewed already', 'CONFLICT', { reason: 'ALREADY_DONE' })
      throw err
    }
  }
}
