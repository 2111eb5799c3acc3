import { describe, expect, it } from 'vitest'
import { isError } from '../../errors.ts'
import { resourceMetadata } from '../../fhir/metadata.ts'
import { clinicalView } from './extract.ts'
import { selfReportKindOf, selfReportResource } from './self-report.ts'
import type { SelfReportInput } from './self-report.ts'
import type { QuestionnaireResponseView } from './views.ts'

const NOW = Date.parse('2026-11-28T12:00:00Z')

describe('selfReportResource', () => {
  it('writes a QuestionnaireResponse the patient authors, dated, with text, score and answers', () => {
    const r = selfReportResource('patient-1', { kind: 'SELF_EVALUATION', text: 'Feeling better since the new dose', score: 7, answers: [{ question: 'Sleep hours', valueNumber: 7.5 }, { question: 'Dizzy?', valueBoolean: false }] }, NOW)
    expect(r).toMatchObject({ resourceType: 'QuestionnaireResponse', status: 'completed', author: { reference: 'Patient/patient-1' }, source: { reference: 'Patient/patient-1' }, authored: '2026-11-28T12:00:00.000Z' })
    expect(selfReportKindOf(r)).toBe('SELF_EVALUATION')
    expect(resourceMetadata(r).effective).toBe('2026-11-28T12:00:00.000Z')
    const v = clinicalView(r) as QuestionnaireResponseView
    expect(v.answers).toEqual([
      { linkId: 'text', text: 'In your own words', valueString: 'Feeling better since the new dose' },
      { linkId: 'score', text: 'Score (0 worst, 10 best)', valueNumber: 7 },
      { linkId: 'q1', text: 'Sleep hours', valueNumber: 7.5 },
      { linkId: 'q2', text: 'Dizzy?', valueBoolean: false }
    ])
  })

  it('refuses bad input with BAD_INPUT', () => {
    const bad: SelfReportInput[] = [
      { kind: 'SYMPTOMS', text: '   ' }, { kind: 'SYMPTOMS', text: 'x'.repeat(4001) }, { kind: 'NOPE' as 'SYMPTOMS', text: 'x' },
      { kind: 'SYMPTOMS', text: 'x', score: 11 }, { kind: 'SYMPTOMS', text: 'x', score: 2.5 },
      { kind: 'SYMPTOMS', text: 'x', at: '2027-01-01T00:00:00Z' }, { kind: 'SYMPTOMS', text: 'x', at: 'yesterday' },
      { kind: 'SYMPTOMS', text: 'x', answers: [{ question: 'q' }] }, { kind: 'SYMPTOMS', text: 'x', answers: [{ question: 'q', valueString: 'a', valueBoolean: true }] },
      { kind: 'SYMPTOMS', text: 'x', answers: Array.from({ length: 51 }, () => ({ question: 'q', valueBoolean: true })) }
    ]
    for (const input of bad) {
      let code: string | undefined
      try {
        selfReportResource('p', input, NOW)
      } catch (err) {
        code = isError(err, 'BAD_INPUT') ? 'BAD_INPUT' : String(err)
      }
      expect(code, JSON.stringify(input).slice(0, 80)).toBe('BAD_INPUT')
    }
  })
})
