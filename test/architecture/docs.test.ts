import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '../..')
const DOCS = join(ROOT, 'docs')

/**
 * Pages the README links that another change writes: the security model. A link to one may point nowhere
 * until that page lands; every other link must resolve.
 */
const WRITTEN_ELSEWHERE = new Set(['docs/security.md'])

/** Markdown links `[text](target)` outside code fences and inline code. */
function linksOf (markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '')
  return [...prose.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!)
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf (markdown: string): Set<string> {
  const prose = markdown.replace(/```[\s\S]*?```/g, '')
  return new Set([...prose.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-')))
}

const pages = (): string[] => readdirSync(DOCS).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)

describe('README.md and docs/', () => {
  it('README.md is a page: at most 8 KB', () => {
    expect(statSync(join(ROOT, 'README.md')).size).toBeLessThanOrEqual(8 * 1024)
  })

  it('README.md links every page of docs/', () => {
    const linked = new Set(linksOf(readFileSync(join(ROOT, 'README.md'), 'utf8')).map((l) => l.split('#')[0]))
    expect(pages().length).toBeGreaterThanOrEqual(10)
    expect(pages().filter((p) => !linked.has(p))).toEqual([])
  })

  it('every relative link of README.md, docs/ and test/bench/README.md resolves, anchors included', () => {
    const broken: string[] = []
    for (const file of ['README.md', 'test/bench/README.md', 'test/fixtures/README.md', ...pages()]) {
      for (const link of linksOf(readFileSync(join(ROOT, file), 'utf8'))) {
        if (/^[a-z]+:/i.test(link)) continue
        const [path = '', anchor] = link.split('#')
        const target = path === '' ? join(ROOT, file) : resolve(dirname(join(ROOT, file)), path)
        if (!existsSync(target)) {
          if (!WRITTEN_ELSEWHERE.has(relative(ROOT, target))) broken.push(`${file}: ${link}`)
          continue
        }
        if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(readFileSync(target, 'utf8')).has(anchor)) broken.push(`${file}: ${link} (no such heading)`)
      }
    }
    expect(broken).toEqual([])
  })
})
