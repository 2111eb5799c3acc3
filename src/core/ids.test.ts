import { describe, expect, it } from 'vitest'
import { uuid } from './ids.ts'

describe('uuid', () => {
  it('is an RFC 9562 version 4 UUID of the Rng\'s bytes', () => {
    const rng = { bytes: (n: number) => new Uint8Array(n).fill(0xff) }
    expect(uuid(rng)).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff')
    expect(uuid({ bytes: (n: number) => new Uint8Array(n) })).toBe('00000000-0000-4000-8000-000000000000')
  })
})
