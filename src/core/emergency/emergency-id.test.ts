import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isError } from '../errors.ts'
import { emergencyIdPayload, parseEmergencyId } from './emergency-id.ts'

const ID = '3f6fd0bb-6cd3-4b3f-8401-cd38ace25f2b'

describe('emergency ID payload', () => {
  it('round-trips any person ID, also typed in upper case with spaces around', () => {
    fc.assert(fc.property(fc.uuid(), (uuid) => {
      const id = uuid.toLowerCase()
      expect(parseEmergencyId(emergencyIdPayload(id))).toBe(id)
      expect(parseEmergencyId(`  ${emergencyIdPayload(id).toUpperCase()} `)).toBe(id)
    }))
  })

  it('carries only the person ID and a check', () => {
    expect(emergencyIdPayload(ID)).toMatch(/^MEDLEDGER-EID:1:3f6fd0bb-6cd3-4b3f-8401-cd38ace25f2b:[0-9a-f]{6}$/)
  })

  it('refuses a payload with any one character changed', () => {
    const payload = emergencyIdPayload(ID)
    const at = payload.indexOf(ID)
    for (let i = at; i < payload.length; i++) {
      if (payload[i] === '-' || payload[i] === ':') continue
      const changed = payload.slice(0, i) + (payload[i] === '0' ? '1' : '0') + payload.slice(i + 1)
      let code: unknown
      try { parseEmergencyId(changed) } catch (err) { code = isError(err, 'BAD_INPUT') }
      expect(code, changed).toBe(true)
    }
  })

  it('refuses other text and a bad person ID', () => {
    for (const bad of ['', ID, `MEDLEDGER-EID:2:${ID}:000000`, 'MEDLEDGER-EID:1:not-a-uuid:000000']) {
      expect(() => parseEmergencyId(bad)).toThrow()
    }
    expect(() => emergencyIdPayload('Not-A-UUID')).toThrow(TypeError)
  })
})
