import type { ConsentAction } from '../types.ts'

/**
 * FHIR R4 `Consent.provision.action` (https://hl7.org/fhir/R4/consent-definitions.html#Consent.provision.action):
 * the rule applies to the listed actions only. No actions: every action.
 */
export function actionMatches (actions: readonly ConsentAction[] | undefined, action: ConsentAction): boolean {
  return actions === undefined || actions.length === 0 || actions.includes(action)
}
