/**
 * The system Chromium for browser tests, driven by playwright-core (Playwright's own browser download cannot
 * work offline). Without Chromium the browser suites are skipped with the install command in their name, so
 * the run says what it did not test; with `MEDLEDGER_REQUIRE_BROWSER=1` (CI, after .ci/run installed it) a
 * missing Chromium fails instead.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser } from 'playwright-core'

/** How to get the browser on Debian. */
export const CHROMIUM_INSTALL = 'apt-get install -y chromium'

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => p !== undefined && p !== '')

/** The Chromium binary, or undefined when none is installed. */
export function chromiumPath (candidates: readonly string[] = CANDIDATES): string | undefined {
  return candidates.find((p) => existsSync(p))
}

/**
 * Whether the browser suites run; when not, why (shown as the skipped suite's title).
 * @throws Error when no Chromium is found and `MEDLEDGER_REQUIRE_BROWSER=1`
 */
export function browserAvailability (candidates: readonly string[] = CANDIDATES, env: Record<string, string | undefined> = process.env): { run: true } | { run: false, reason: string } {
  if (chromiumPath(candidates) !== undefined) return { run: true }
  const reason = `skipped: no Chromium found (install it: ${CHROMIUM_INSTALL}, or set CHROMIUM_PATH)`
  if (env.MEDLEDGER_REQUIRE_BROWSER === '1') throw new Error(`MEDLEDGER_REQUIRE_BROWSER=1 but ${reason}`)
  return { run: false, reason }
}

/** Starts headless Chromium; the caller closes it. @throws Error when no Chromium is installed */
export async function launchChromium (): Promise<Browser> {
  const executablePath = chromiumPath()
  if (executablePath === undefined) throw new Error(`no Chromium: ${CHROMIUM_INSTALL}`)
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] })
}

/** The folder test artifacts (screenshots) go to: `test-artifacts/` at the repository root (gitignored). */
export function artifactDir (): string {
  const dir = join(import.meta.dirname, '../../test-artifacts')
  mkdirSync(dir, { recursive: true })
  return dir
}
