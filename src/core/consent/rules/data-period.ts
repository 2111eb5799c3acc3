import type { ConsentResource, Period } from '../types.ts'

/**
 * FHIR R4 `Consent.provision.dataPeriod` (https://hl7.org/fhir/R4/consent-definitions.html#Consent.provision.dataPeriod):
 * the rule covers records whose clinical date (`effective`) lies in the period. A record without a date is
 * outside every data period (it cannot be shown to be inside). No data period: every record.
 */
export function dataPeriodMatches (period: Period | undefined, resource: ConsentResource): boolean {
  if (period === undefined) return true
  if (resource.effective === undefined) return false
  const t = Date.parse(resource.effective)
  if (Number.isNaN(t)) return false
  if (period.start !== undefined && t < period.start) return false
  if (period.end !== undefined && t >= period.end) return false
  return true
}
