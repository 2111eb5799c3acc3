import { describe, expect, it } from 'vitest'
import { browserAvailability } from './browser.ts'

describe('browser test availability', () => {
  it('without Chromium, skips with the install command in the reason', () => {
    expect(browserAvailability(['/nonexistent/chromium'], {})).toEqual({ run: false, reason: expect.stringContaining('apt-get install -y chromium') })
  })

  it('without Chromium but MEDLEDGER_REQUIRE_BROWSER=1 (CI), fails instead of skipping', () => {
    expect(() => browserAvailability(['/nonexistent/chromium'], { MEDLEDGER_REQUIRE_BROWSER: '1' })).toThrow(/apt-get install -y chromium/)
  })

  it('runs when a candidate binary exists', () => {
    expect(browserAvailability([process.execPath], {})).toEqual({ run: true })
  })
})
