/** The research corpus's settings from the environment. */

/** k of k-anonymity when MEDLEDGER_RESEARCH_K is unset. */
export const DEFAULT_K = 5

/** Tokens a record earns the first time it is shared, when MEDLEDGER_RESEARCH_REWARD is unset. */
export const DEFAULT_REWARD = 10

/**
 * The corpus's k: `MEDLEDGER_RESEARCH_K` (an integer ≥ 2), else {@link DEFAULT_K}.
 * @throws RangeError when the variable is set to anything else
 */
export function researchK (env: Record<string, string | undefined> = process.env): number {
  const raw = env.MEDLEDGER_RESEARCH_K
  if (raw === undefined || raw === '') return DEFAULT_K
  const k = Number(raw)
  if (!Number.isSafeInteger(k) || k < 2) throw new RangeError('MEDLEDGER_RESEARCH_K must be an integer ≥ 2')
  return k
}

/**
 * Tokens per newly shared record: `MEDLEDGER_RESEARCH_REWARD` (an integer ≥ 0; 0 turns rewards off), else
 * {@link DEFAULT_REWARD}.
 * @throws RangeError when the variable is set to anything else
 */
export function researchReward (env: Record<string, string | undefined> = process.env): number {
  const raw = env.MEDLEDGER_RESEARCH_REWARD
  if (raw === undefined || raw === '') return DEFAULT_REWARD
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('MEDLEDGER_RESEARCH_REWARD must be an integer ≥ 0')
  return n
}
