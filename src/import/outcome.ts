/** Where a rejected or warned-about input sits: the file, its 1-based line (NDJSON) or entry (Bundle). */
export interface InputLocation {
  file: string
  line: number
  /** `Bundle.entry[i]` for a Bundle entry. */
  expression?: string
}

export type IssueSeverity = 'error' | 'warning'
/** FHIR issue-type codes used here (http://hl7.org/fhir/issue-type). */
export type IssueCode = 'structure' | 'invalid' | 'required' | 'not-found' | 'not-supported' | 'too-long' | 'exception'

/** One reject (severity error: the resource was not imported) or warning (imported, with a problem). */
export interface ImportIssue extends InputLocation {
  severity: IssueSeverity
  code: IssueCode
  /** Why: never health data, only structure, ids and references. */
  reason: string
}

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
