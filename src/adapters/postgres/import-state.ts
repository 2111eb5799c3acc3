/**
 * The ImportState port on PostgreSQL: the tables of `import.db` as `import_*` tables of the cluster database,
 * so any process can resume a job another one left (its checkpoints, counts, issues and pending references
 * are here). A batch is one transaction of set-based statements (unnest), not one round trip per row.
 */
import type pg from 'pg'
import type { BatchCommit, ImportIssue, ImportState, JobRow, JobStatus, ResourceState } from '../../ports/import-state.ts'
import { migratePostgres, withTransaction } from './pool.ts'
import type { PgMigration } from './pool.ts'

/** The import tables' schema steps (store `import` in medledger_migrations). */
export const importStateMigrations: readonly PgMigration[] = [{
  version: 1,
  name: 'import state: resources, identifiers, jobs, checkpoints, issues, pending references',
  sql: `
    CREATE TABLE import_resources (hospital text NOT NULL, type text NOT NULL, source_id text NOT NULL, record_id text NOT NULL,
      owner_id text NOT NULL, version int NOT NULL, hash text NOT NULL, PRIMARY KEY (hospital, type, source_id));
    CREATE INDEX import_resources_by_record ON import_resources (record_id);
    CREATE INDEX import_resources_by_hospital ON import_resources (hospital, type COLLATE "C", record_id COLLATE "C");
    CREATE TABLE import_identifiers (hospital text NOT NULL, type text NOT NULL, system text NOT NULL, value text NOT NULL,
      source_id text NOT NULL, PRIMARY KEY (hospital, type, system, value));
    CREATE INDEX import_identifiers_by_value ON import_identifiers (hospital, type, value);
    CREATE TABLE import_jobs (id text PRIMARY KEY, hospital text NOT NULL, actor text NOT NULL, inputs text NOT NULL, status text NOT NULL,
      error text, total bigint NOT NULL DEFAULT 0, done bigint NOT NULL DEFAULT 0, imported bigint NOT NULL DEFAULT 0,
      unchanged bigint NOT NULL DEFAULT 0, rejected bigint NOT NULL DEFAULT 0, warnings bigint NOT NULL DEFAULT 0,
      started_at bigint NOT NULL, finished_at bigint);
    CREATE INDEX import_jobs_by_hospital ON import_jobs (hospital, started_at);
    CREATE TABLE import_checkpoints (job_id text NOT NULL, file text NOT NULL, position bigint NOT NULL, PRIMARY KEY (job_id, file));
    CREATE TABLE import_issues (job_id text NOT NULL, file text NOT NULL, line int NOT NULL, severity text NOT NULL, code text NOT NULL,
      reason text NOT NULL, expression text, PRIMARY KEY (job_id, file, line, reason));
    CREATE TABLE import_pending_refs (job_id text NOT NULL, file text NOT NULL, line int NOT NULL, type text NOT NULL,
      source_id text NOT NULL, reference text NOT NULL, PRIMARY KEY (job_id, file, line, reference));
  `
}]

type Row = Record<string, unknown>

/** Rows for one page of hospitalRecords. */
const PAGE = 1000

/**
 * The port on `pool` (not ended by close(): the pool is the process's). Migrates on first use.
 * @throws (from each method) MedledgerError CONFLICT when the database holds newer import tables
 */
export function postgresImportState (pool: pg.Pool): ImportState {
  let migrated: Promise<void> | undefined
  const ready = async (): Promise<pg.Pool> => {
    migrated ??= migratePostgres(pool, 'import', importStateMigrations)
    await migrated
    return pool
  }
  const q = async (sql: string, params: unknown[] = []): Promise<Row[]> => (await (await ready()).query(sql, params)).rows as Row[]
  const tx = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => withTransaction(await ready(), fn)

  const resource = async (hospital: string, type: string, sourceId: string): Promise<ResourceState | undefined> => {
    const [r] = await q('SELECT record_id, owner_id, version, hash FROM import_resources WHERE hospital = $1 AND type = $2 AND source_id = $3', [hospital, type, sourceId])
    return r === undefined ? undefined : { recordId: r.record_id as string, ownerId: r.owner_id as string, version: Number(r.version), hash: r.hash as string }
  }
  const addIssues = async (c: pg.PoolClient, jobId: string, issues: readonly ImportIssue[]): Promise<void> => {
    if (issues.length === 0) return
    await c.query(`INSERT INTO import_issues (job_id, file, line, severity, code, reason, expression)
      SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[]) ON CONFLICT DO NOTHING`,
    [jobId, issues.map((i) => i.file), issues.map((i) => i.line), issues.map((i) => i.severity), issues.map((i) => i.code), issues.map((i) => i.reason), issues.map((i) => i.expression ?? null)])
  }
  const addCounts = async (c: pg.PoolClient, jobId: string, n: BatchCommit['counts']): Promise<void> => {
    await c.query('UPDATE import_jobs SET done = done + $1, imported = imported + $2, unchanged = unchanged + $3, rejected = rejected + $4, warnings = warnings + $5 WHERE id = $6',
      [n.done, n.imported, n.unchanged, n.rejected, n.warnings, jobId])
  }

  return {
    resource,
    async identifierTargets (hospital, type, system, value) {
      return (await q('SELECT source_id FROM import_identifiers WHERE hospital = $1 AND type = $2 AND system = $3 AND value = $4', [hospital, type, system, value])).map((r) => r.source_id as string)
    },
    async identifierMatches (hospital, type, value, system) {
      const rows = system === undefined
        ? await q('SELECT system, source_id FROM import_identifiers WHERE hospital = $1 AND type = $2 AND value = $3 ORDER BY system COLLATE "C"', [hospital, type, value])
        : await q('SELECT system, source_id FROM import_identifiers WHERE hospital = $1 AND type = $2 AND system = $3 AND value = $4', [hospital, type, system, value])
      const out: Array<{ system: string, state: ResourceState }> = []
      for (const r of rows) {
        const state = await resource(hospital, type, r.source_id as string)
        if (state !== undefined) out.push({ system: r.system as string, state })
      }
      return out
    },
    async hospitalRecordsOfType (hospital, type) {
      return (await q('SELECT record_id FROM import_resources WHERE hospital = $1 AND type = $2 ORDER BY record_id COLLATE "C"', [hospital, type])).map((r) => r.record_id as string)
    },
    async importingHospitals (recordIds) {
      if (recordIds.length === 0) return new Map()
      const rows = await q('SELECT record_id, hospital FROM import_resources WHERE record_id = ANY($1::text[])', [[...recordIds]])
      return new Map(rows.map((r) => [r.record_id as string, r.hospital as string]))
    },
    async * hospitalRecords (hospital) {
      // keyset pages: a long export holds no connection between pages
      let after: [string, string] = ['', '']
      for (;;) {
        const rows = await q(`SELECT type, record_id FROM import_resources WHERE hospital = $1
          AND (type COLLATE "C", record_id COLLATE "C") > ($2 COLLATE "C", $3 COLLATE "C") ORDER BY type COLLATE "C", record_id COLLATE "C" LIMIT $4`, [hospital, after[0], after[1], PAGE])
        for (const r of rows) yield { type: r.type as string, recordId: r.record_id as string }
        if (rows.length < PAGE) return
        const last = rows[rows.length - 1]!
        after = [last.type as string, last.record_id as string]
      }
    },
    async job (id) {
      const [r] = await q('SELECT * FROM import_jobs WHERE id = $1', [id])
      return r === undefined ? undefined : toJob(r)
    },
    async jobsOf (hospital) {
      return (await q('SELECT * FROM import_jobs WHERE hospital = $1 ORDER BY started_at DESC, id COLLATE "C"', [hospital])).map(toJob)
    },
    async startJob (row) {
      await tx(async (c) => {
        for (const table of ['import_checkpoints', 'import_issues', 'import_pending_refs']) await c.query(`DELETE FROM ${table} WHERE job_id = $1`, [row.id])
        await c.query('DELETE FROM import_jobs WHERE id = $1', [row.id])
        await c.query('INSERT INTO import_jobs (id, hospital, actor, inputs, status, total, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [row.id, row.hospital, row.actor, JSON.stringify(row.inputs), 'RUNNING', row.total, row.startedAt])
      })
    },
    async setTotal (id, total) { await q('UPDATE import_jobs SET total = $1 WHERE id = $2', [total, id]) },
    async finishJob (id: string, status: JobStatus, now: number, error: string | null = null) {
      await q('UPDATE import_jobs SET status = $1, error = $2, finished_at = $3 WHERE id = $4', [status, error, now, id])
    },
    async checkpoint (jobId, file) {
      const [r] = await q('SELECT position FROM import_checkpoints WHERE job_id = $1 AND file = $2', [jobId, file])
      return Number(r?.position ?? 0)
    },
    async commit (c) {
      // last write wins within a batch, as the SQLite adapter's row-by-row INSERT OR REPLACE
      const resources = [...new Map(c.resources.map((r) => [`${r.hospital}\0${r.type}\0${r.sourceId}`, r])).values()]
      const identifiers = [...new Map(c.identifiers.map((i) => [`${i.hospital}\0${i.type}\0${i.system}\0${i.value}`, i])).values()]
      await tx(async (client) => {
        if (resources.length > 0) {
          await client.query(`INSERT INTO import_resources (hospital, type, source_id, record_id, owner_id, version, hash)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[])
            ON CONFLICT (hospital, type, source_id) DO UPDATE SET record_id = excluded.record_id, owner_id = excluded.owner_id, version = excluded.version, hash = excluded.hash`,
          [resources.map((r) => r.hospital), resources.map((r) => r.type), resources.map((r) => r.sourceId), resources.map((r) => r.state.recordId),
            resources.map((r) => r.state.ownerId), resources.map((r) => r.state.version), resources.map((r) => r.state.hash)])
        }
        if (identifiers.length > 0) {
          await client.query(`INSERT INTO import_identifiers (hospital, type, system, value, source_id)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
            ON CONFLICT (hospital, type, system, value) DO UPDATE SET source_id = excluded.source_id`,
          [identifiers.map((i) => i.hospital), identifiers.map((i) => i.type), identifiers.map((i) => i.system), identifiers.map((i) => i.value), identifiers.map((i) => i.sourceId)])
        }
        await addIssues(client, c.jobId, c.issues)
        if (c.pendingRefs.length > 0) {
          const p = c.pendingRefs
          await client.query(`INSERT INTO import_pending_refs (job_id, file, line, type, source_id, reference)
            SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[]) ON CONFLICT DO NOTHING`,
          [c.jobId, p.map((r) => r.file), p.map((r) => r.line), p.map((r) => r.type), p.map((r) => r.sourceId), p.map((r) => r.reference)])
        }
        await addCounts(client, c.jobId, c.counts)
        await client.query('INSERT INTO import_checkpoints (job_id, file, position) VALUES ($1, $2, $3) ON CONFLICT (job_id, file) DO UPDATE SET position = excluded.position',
          [c.jobId, c.file, c.position])
      })
    },
    async settlePendingRefs (jobId, hospital) {
      return tx(async (c) => {
        const missing = (await c.query(`SELECT file, line, reference FROM import_pending_refs p WHERE job_id = $1 AND NOT EXISTS
          (SELECT 1 FROM import_resources r WHERE r.hospital = $2 AND r.type = p.type AND r.source_id = p.source_id)
          ORDER BY file COLLATE "C", line, reference COLLATE "C"`, [jobId, hospital])).rows as Row[]
        await addIssues(c, jobId, missing.map((m) => ({
          file: m.file as string, line: Number(m.line), severity: 'warning', code: 'not-found', reason: `reference ${m.reference as string} does not resolve to an imported resource`
        })))
        await c.query('DELETE FROM import_pending_refs WHERE job_id = $1', [jobId])
        await addCounts(c, jobId, { done: 0, imported: 0, unchanged: 0, rejected: 0, warnings: missing.length })
        return missing.length
      })
    },
    async issues (jobId, offset = 0, limit = -1) {
      const rows = await q('SELECT * FROM import_issues WHERE job_id = $1 ORDER BY file COLLATE "C", line, reason COLLATE "C" LIMIT $2 OFFSET $3', [jobId, limit < 0 ? null : limit, offset])
      return rows.map((r): ImportIssue => ({
        file: r.file as string, line: Number(r.line), severity: r.severity as ImportIssue['severity'], code: r.code as ImportIssue['code'],
        reason: r.reason as string, ...(r.expression === null ? {} : { expression: r.expression as string })
      }))
    },
    async close () {}
  }
}

function toJob (r: Row): JobRow {
  return {
    id: r.id as string, hospital: r.hospital as string, actor: r.actor as string, inputs: JSON.parse(r.inputs as string) as string[],
    status: r.status as JobStatus, error: r.error as string | null, total: Number(r.total), done: Number(r.done), imported: Number(r.imported),
    unchanged: Number(r.unchanged), rejected: Number(r.rejected), warnings: Number(r.warnings), startedAt: Number(r.started_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at)
  }
}
