/**
 * Revoked sign-in sessions (`signOut`): tokens are stateless JWTs, only revocations are stored, one row per
 * signed-out session until its maximum age passes. Shared by every process over the same store, so a
 * sign-out through one process is refused by every other from its next request. Adapters: SQLite
 * (`sessions.db`, subgraphs/identity/sessions.ts) and PostgreSQL (adapters/postgres/session-store.ts).
 */
export interface SessionStore {
  isRevoked(sessionId: string): Promise<boolean>
  /**
   * Revokes `sessionId` from `now` (idempotent: a second revocation keeps the first time); the row is dropped
   * after `forgetAt` (no token of it can live longer). Rows past their `forgetAt` are dropped on the way.
   */
  revoke(sessionId: string, now: number, forgetAt: number): Promise<void>
  /** Releases what this adapter holds (never the process's shared PostgreSQL pool). */
  close(): void
}
