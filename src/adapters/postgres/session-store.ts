/**
 * Revoked sign-in sessions on PostgreSQL (store name `sessions`): what subgraphs/identity/sessions.ts keeps in
 * `sessions.db`, shared by every process of a cluster so a sign-out holds everywhere from the next request.
 */
import type pg from 'pg'
import type { SessionStore } from '../../ports/session-store.ts'
import { migratePostgres } from './pool.ts'
import type { PgMigration } from './pool.ts'

export const sessionMigrations: readonly PgMigration[] = [{
  version: 1,
  name: 'revoked sessions',
  sql: `
    CREATE TABLE revoked_sessions (
      id         text   PRIMARY KEY,
      revoked_at bigint NOT NULL,
      forget_at  bigint NOT NULL
    );
    CREATE INDEX revoked_sessions_by_forget ON revoked_sessions (forget_at);
  `
}]

/**
 * The session store on `pool` (the process's shared pool: close() leaves it open). Migrates on first use.
 * @throws MedledgerError CONFLICT (from the first call) when the database holds newer session tables than this build
 */
export function openPostgresSessionStore (pool: pg.Pool): SessionStore {
  let migrated: Promise<void> | undefined
  const ready = async (): Promise<void> => {
    migrated ??= migratePostgres(pool, 'sessions', sessionMigrations).catch((err: unknown) => { migrated = undefined; throw err })
    await migrated
  }
  return {
    async isRevoked (id) {
      await ready()
      return (await pool.query('SELECT 1 FROM revoked_sessions WHERE id = $1', [id])).rowCount! > 0
    },
    async revoke (id, now, forgetAt) {
      await ready()
      await pool.query('DELETE FROM revoked_sessions WHERE forget_at < $1', [now])
      await pool.query('INSERT INTO revoked_sessions (id, revoked_at, forget_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [id, now, forgetAt])
    },
    close () {}
  }
}
