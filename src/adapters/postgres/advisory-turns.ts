/**
 * One holder at a time across every process sharing a database: a promise chain in this process (so a burst
 * of callers waits on one connection, not the whole pool), then a session advisory lock on `key`. PostgreSQL
 * releases the lock when the holder's connection drops, so a killed process never leaves it taken.
 */
import type { Pool } from 'pg'

/**
 * A function that runs `fn` once this process's earlier turns settled and the cluster-wide lock `key` is
 * held; it resolves or rejects as `fn` does. `before` runs first in every turn (e.g. the store's migrations).
 * @throws whatever `fn` throws; whatever pg throws when no connection can be had
 */
export function advisoryTurns (pool: Pool, key: bigint, before: () => Promise<void> = async () => {}): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve()
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    const turn = async (): Promise<T> => {
      await before()
      const client = await pool.connect()
      let locked = false
      try {
        await client.query('SELECT pg_advisory_lock($1)', [key.toString()])
        locked = true
        return await fn()
      } finally {
        // A failed unlock means a broken connection: destroy it, which releases the session lock.
        const unlocked = locked ? await client.query('SELECT pg_advisory_unlock($1)', [key.toString()]).then(() => true, () => false) : true
        client.release(unlocked ? undefined : true)
      }
    }
    const run = tail.then(turn, turn)
    tail = run.catch(() => undefined)
    return run
  }
}
