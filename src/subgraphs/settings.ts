/** Settings read from the environment, shared by the subgraphs. */

/** `env[name]` as an integer ≥ `min`, `fallback` when unset or empty. @throws RangeError otherwise */
export function integerSetting (env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < min) throw new RangeError(`${name} must be an integer ≥ ${min}`)
  return n
}
