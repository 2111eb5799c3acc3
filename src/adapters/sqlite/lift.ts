/**
 * `f` as an async function: same arguments, its result or throw as a settled Promise. How a synchronous SQLite
 * store is offered behind an async port (the same port a PostgreSQL adapter serves), behaviour unchanged.
 */
export function lift<A extends unknown[], R> (f: (...args: A) => R): (...args: A) => Promise<R> {
  return async (...args: A) => f(...args)
}
