/**
 * FHIR R4 `Consent.provision.purpose` (https://hl7.org/fhir/R4/consent-definitions.html#Consent.provision.purpose):
 * the rule applies when the caller's purpose of use (HL7 v3 ActReason code: TREAT, ETREAT, HRESEARCH, HPAYMT, …)
 * is listed. No purposes: any purpose.
 */
export function purposeMatches (purposes: readonly string[] | undefined, purpose: string): boolean {
  return purposes === undefined || purposes.length === 0 || purposes.includes(purpose)
}
