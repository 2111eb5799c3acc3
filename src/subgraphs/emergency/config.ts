/** The emergency platform's abuse limits from the environment (docs/configuration.md). */
import { DEFAULT_BREAK_GLASS_TENURE_MS, DEFAULT_EMERGENCY_LIMITS } from '../../core/emergency/index.ts'
import type { EmergencyLimits } from '../../core/emergency/index.ts'
import { integerSetting } from '../settings.ts'

/**
 * `MEDLEDGER_EMERGENCY_MAX_OPEN_PER_PATIENT` (default 3) and `MEDLEDGER_EMERGENCY_MAX_PER_PRACTITIONER_HOUR`
 * (default 10), each an integer ≥ 1, over a one-hour window.
 * @throws RangeError for any other value
 */
export function emergencyLimits (env: Record<string, string | undefined> = process.env): EmergencyLimits {
  return {
    maxOpenPerPatient: integerSetting(env, 'MEDLEDGER_EMERGENCY_MAX_OPEN_PER_PATIENT', DEFAULT_EMERGENCY_LIMITS.maxOpenPerPatient, 1),
    maxPerPractitioner: integerSetting(env, 'MEDLEDGER_EMERGENCY_MAX_PER_PRACTITIONER_HOUR', DEFAULT_EMERGENCY_LIMITS.maxPerPractitioner, 1),
    windowMs: DEFAULT_EMERGENCY_LIMITS.windowMs
  }
}

/**
 * How long a practitioner must have held the role before signing break-glass: `MEDLEDGER_BREAK_GLASS_TENURE_HOURS`
 * (an integer ≥ 0), default 24.
 * @throws RangeError for any other value
 */
export function breakGlassTenureMs (env: Record<string, string | undefined> = process.env): number {
  return integerSetting(env, 'MEDLEDGER_BREAK_GLASS_TENURE_HOURS', DEFAULT_BREAK_GLASS_TENURE_MS / 3_600_000, 0) * 3_600_000
}
