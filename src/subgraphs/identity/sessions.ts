/**
 * Sessions: a sign-in gives a 15-minute bearer token; `refreshSession` trades a live token for a fresh one
 * of the same session (sliding), up to the session's maximum age (auth-keys.ts); `signOut` revokes the
 * session, so every token of it — the current one and any refreshed from it — is refused from the next
 * request on. Tokens are stateless JWTs; only revocations are stored (`sessions.db`, one row per signed-out
 * session until its maximum age passes).
 */
import type { DatabaseSync } from 'node:sqlite'
import { openMigratedDatabase } from '../../adapters/sqlite/sqlite-db.ts'
import type { Migration } from '../../adapters/sqlite/sqlite-db.ts'
import { makeError } from '../../core/errors.ts'
import { sessionMaxAgeSeconds } from '../../shared/auth-keys.ts'
import type { IssuedSession } from '../../shared/auth-keys.ts'
import type { Services, Viewer } from '../context.ts'
import type { SessionStore } from '../../ports/session-store.ts'
import { openPostgresSessionStore } from '../../adapters/postgres/session-store.ts'

export type { SessionStore } from '../../ports/session-store.ts'

const migrations: readonly Migration[] = [{
  version: 1,
  name: 'revoked sessions',
  sql: `
    CREATE TABLE revoked_sessions (
      id         TEXT    PRIMARY KEY,
      revoked_at INTEGER NOT NULL,
      forget_at  INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX revoked_sessions_by_forget ON revoked_sessions (forget_at);
  `
}]

/** The SQLite adapter's synchronous surface; {@link sessionStore} wraps it into the async port. */
export interface SqliteSessionStore {
  isRevoked(sessionId: string): boolean
  /** Revokes `sessionId` from `now`; the row is dropped after `forgetAt` (no token of it can live longer). */
  revoke(sessionId: string, now: number, forgetAt: number): void
  close(): void
}

/**
 * Opens (creating and migrating) the session store at `file`.
 * @throws Error from node:sqlite when the file cannot be opened
 */
export function openSessionStore (file: string): SqliteSessionStore {
  const db: DatabaseSync = openMigratedDatabase(file, migrations, { synchronous: 'FULL' })
  const isRevoked = db.prepare('SELECT 1 AS x FROM revoked_sessions WHERE id = ?')
  const insert = db.prepare('INSERT OR IGNORE INTO revoked_sessions (id, revoked_at, forget_at) VALUES (?, ?, ?)')
  const forget = db.prepare('DELETE FROM revoked_sessions WHERE forget_at < ?')
  return {
    isRevoked: (id) => isRevoked.get(id) !== undefined,
    revoke (id, now, forgetAt) {
      forget.run(now)
      insert.run(id, now, forgetAt)
    },
    close: () => db.close()
  }
}

/** The SQLite store behind the async port: same behaviour. */
export function asyncSessionStore (s: SqliteSessionStore): SessionStore {
  return {
    isRevoked: async (id) => s.isRevoked(id),
    revoke: async (id, now, forgetAt) => { s.revoke(id, now, forgetAt) },
    close: () => { s.close() }
  }
}

/**
 * The session store of these services, opened on first use: PostgreSQL when the services have a cluster
 * database (`services.postgres`), else `<data folder>/sessions.db`.
 */
export function sessionStore (services: Pick<Services, 'store' | 'postgres'>): SessionStore {
  const pool = services.postgres
  if (pool !== undefined) return services.store('sessions-pg', () => openPostgresSessionStore(pool))
  return services.store('sessions', (file) => asyncSessionStore(openSessionStore(file)))
}

/** The signed-in session of a bearer-token viewer. @throws MedledgerError UNAUTHENTICATED otherwise */
function sessionOf (viewer: Viewer): { accountId: string, sessionId: string, authTime: number } {
  if (viewer.kind !== 'account' || viewer.sessionId === undefined || viewer.authTime === undefined) {
    throw makeError('sign in with a wallet first (an API key or a token without a session cannot be refreshed)', 'UNAUTHENTICATED')
  }
  return { accountId: viewer.accountId, sessionId: viewer.sessionId, authTime: viewer.authTime }
}

/**
 * A fresh token of the caller's session: 15 minutes from now, never past the session's maximum age.
 * @throws MedledgerError UNAUTHENTICATED without a session, or when it is past its maximum age
 */
export async function refreshSession (services: Pick<Services, 'auth'>, viewer: Viewer): Promise<IssuedSession & { accountId: string }> {
  const { accountId, sessionId, authTime } = sessionOf(viewer)
  return { ...await services.auth.issueSession(accountId, { sessionId, authTime }), accountId }
}

/**
 * Revokes the caller's session: this token and every token refreshed from it are refused from now on.
 * @throws MedledgerError UNAUTHENTICATED without a session
 */
export async function signOut (services: Pick<Services, 'auth' | 'store' | 'clock' | 'postgres'>, viewer: Viewer): Promise<boolean> {
  const { sessionId, authTime } = sessionOf(viewer)
  const now = services.clock.now()
  // No token of the session outlives its maximum age; a day's margin covers clock skew between nodes.
  await sessionStore(services).revoke(sessionId, now, authTime + sessionMaxAgeSeconds() * 1000 + 86_400_000)
  return true
}
