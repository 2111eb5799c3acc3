import type { ImportIssue, InputLocation, IssueCode, IssueSeverity } from '../ports/import-state.ts'

export type { ImportIssue, InputLocation, IssueCode, IssueSeverity }

/**
 * The FHIR OperationOutcome of one issue, as a line of the rejects file: `issue[0].location` is
 * `["<file>:<line>"]`, `diagnostics` the reason, `expression` the Bundle entry when there is one.
 */
export function toOperationOutcome (issue: ImportIssue): Record<string, unknown> {
  return {
    resourceType: 'OperationOutcome',
    issue: [{
      severity: issue.severity,
      code: issue.code,
      diagnostics: issue.reason,
      location: [`${issue.file}:${issue.line}`],
      ...(issue.expression === undefined ? {} : { expression: [issue.expression] })
    }]
  }
}
