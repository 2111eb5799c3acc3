import { randomBytes } from 'node:crypto'
import type { Clock, Rng } from '../core/types.ts'

export type { Clock, Rng }

export const systemClock: Clock = { now: () => Date.now() }

export const systemRng: Rng = { bytes: (n) => new Uint8Array(randomBytes(n)) }
