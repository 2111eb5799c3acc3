import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '../..')

/** A pointer to a tracker ("issue" or "issues", a space or "#", then a digit) instead of what is meant. */
const ISSUE_NUMBER = /\bissues?\s+#?\d|\bissue\s*#\d/i

function files (dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && path !== join(ROOT, 'test/fixtures')) out.push(...files(path))
    } else if (/\.(ts|mjs|js|graphql|md|yml|sol)$/.test(entry.name)) out.push(path)
  }
  return out
}

describe('comments and docs', () => {
  it('say what they mean: no line names an issue number', () => {
    const found: string[] = []
    for (const dir of ['src', 'test', 'schema', 'docs', 'anchors', 'bin']) {
      for (const file of files(join(ROOT, dir))) {
        readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
          if (ISSUE_NUMBER.test(line)) found.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`)
        })
      }
    }
    for (const file of ['README.md', 'codegen.yml', 'eslint.config.js']) {
      if (ISSUE_NUMBER.test(readFileSync(join(ROOT, file), 'utf8'))) found.push(file)
    }
    expect(found).toEqual([])
  })
})
