import { describe, expect, it } from 'vitest'
import { rowMapper } from './row-mapper.ts'

interface Example {
  id: string
  teamAccountId: string
  goal: number
  label: string
  tags: string[]
  open: boolean
  closedAt: number | null
  plan: unknown
  from: string
  note?: string
  releasedAt?: number
}

const exampleOf = rowMapper<Example>({
  id: 'raw', teamAccountId: 'raw', goal: 'number', label: 'string', tags: 'json', open: 'flag', closedAt: 'number|null', plan: 'json|null',
  from: ['from_handle', 'raw'], note: 'raw?', releasedAt: 'number?'
})

describe('rowMapper', () => {
  it('reads each column as its kind says, snake_case by default, in the spec\'s order', () => {
    const row = { id: 'c1', team_account_id: 'acct', goal: 10, label: 7, tags: '["a"]', open: 1, closed_at: 5, plan: '{"x":1}', from_handle: 'h1', note: 'n', released_at: 9 }
    const out = exampleOf(row)
    expect(out).toEqual({ id: 'c1', teamAccountId: 'acct', goal: 10, label: '7', tags: ['a'], open: true, closedAt: 5, plan: { x: 1 }, from: 'h1', note: 'n', releasedAt: 9 })
    expect(Object.keys(out)).toEqual(['id', 'teamAccountId', 'goal', 'label', 'tags', 'open', 'closedAt', 'plan', 'from', 'note', 'releasedAt'])
  })

  it('keeps nulls of |null kinds and leaves out the optional fields of NULL columns', () => {
    const row = { id: 'c1', team_account_id: 'acct', goal: '3', label: 'l', tags: '[]', open: 0, closed_at: null, plan: null, from_handle: 'h1', note: null, released_at: null }
    const out = exampleOf(row)
    expect(out).toEqual({ id: 'c1', teamAccountId: 'acct', goal: 3, label: 'l', tags: [], open: false, closedAt: null, plan: null, from: 'h1' })
    expect('note' in out || 'releasedAt' in out).toBe(false)
  })

  it('throws SyntaxError for malformed JSON', () => {
    expect(() => exampleOf({ tags: '[', from_handle: 'h' })).toThrow(SyntaxError)
  })
})
