/** Emergency aid, pure: M-of-N rules, the time box, the aid provision and the EIP-712 messages. */
export { BLOOD_TYPE_CODE, DEFAULT_TIME_BOX_MS, EMERGENCY_RESOURCE_TYPES, RECENT_ENCOUNTERS_MS, aidProvision, distinctConfirmations, thresholdMet, timeBox } from './rules.ts'
export type { ContactResponse } from './rules.ts'
export { breakGlassTypedData, contactsTypedData, parseEmergencyTypedData, responseTypedData } from './typed-data.ts'
export type { BreakGlassMessage, ContactsMessage, EmergencyTypedData, ResponseMessage } from './typed-data.ts'
export { DEFAULT_ESCALATION_MS, DEFAULT_RING_SIZE, offeredRing, ringOf } from './escalation.ts'
export type { EscalationPolicy } from './escalation.ts'
export { MAX_RETRY_MS, retryDelayMs } from './backoff.ts'
export { BREAK_GLASS_SIGNERS, BREAK_GLASS_WAIT_MS, breakGlassAllowed } from './break-glass.ts'
