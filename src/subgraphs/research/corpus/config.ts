/** The research corpus's settings from the environment. */
import { integerSetting } from '../../settings.ts'

/** k of k-anonymity when MEDLEDGER_RESEARCH_K is unset. */
export const DEFAULT_K = 5

/** Tokens a record earns the first time it is shared, when MEDLEDGER_RESEARCH_REWARD is unset. */
export const DEFAULT_REWARD = 10

/**
 * The corpus's k: `MEDLEDGER_RESEARCH_K` (an integer ≥ 2), else {@link DEFAULT_K}.
 * @throws RangeError when the variable is set to anything else
 */
export function researchK (env: Record<string, string | undefined> = process.env): number {
  return integerSetting(env, 'MEDLEDGER_RESEARCH_K', DEFAULT_K, 2)
}

/**
 * Tokens per newly shared record: `MEDLEDGER_RESEARCH_REWARD` (an integer ≥ 0; 0 turns rewards off), else
 * {@link DEFAULT_REWARD}.
 * @throws RangeError when the variable is set to anything else
 */
export function researchReward (env: Record<string, string | undefined> = process.env): number {
  return integerSetting(env, 'MEDLEDGER_RESEARCH_REWARD', DEFAULT_REWARD, 0)
}
