/**
 * What a medication check reads of a FHIR R4 MedicationRequest: the drug (RxNorm), the dose, how often and
 * for how long (dosageInstruction), what is dispensed (dispenseRequest) and the unit price charged. FHIR R4
 * has no price on a MedicationRequest: medledger reads it from the extension {@link UNIT_PRICE_URL}
 * (valueMoney) on the request or on its dispenseRequest.
 */
export const UNIT_PRICE_URL = 'https://medledger.dev/fhir/StructureDefinition/unit-price'
export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm'
const ATC_SYSTEM = 'http://www.whocc.no/atc'

export interface MedicationOrder {
  rxnorm?: string
  display?: string
  /** ATC codes the request carries (antibiotic share: J01…). */
  atc: string[]
  /** Units per dose (doseQuantity, or the top of doseRange). */
  dose?: number
  /** Doses per day (timing.repeat frequency / period in days). */
  dosesPerDay?: number
  /**
   * Course length in days: dispenseRequest.expectedSupplyDuration × (1 + numberOfRepeatsAllowed) — FHIR R4 gives
   * the supply duration per dispense, and each repeat is one more — else timing.repeat.boundsDuration, else
   * boundsPeriod (those bound the whole course).
   */
  durationDays?: number
  /** Units dispensed in all: quantity × (1 + numberOfRepeatsAllowed). */
  quantity?: number
  unitPrice?: { value: number, currency: string }
  authoredOn?: string
}

const DAYS: Record<string, number> = { s: 1 / 86400, min: 1 / 1440, h: 1 / 24, d: 1, wk: 7, mo: 30, a: 365 }

/** Reads a {@link MedicationOrder} from a MedicationRequest; pure, and tolerant of what is missing. */
export function orderOf (request: Record<string, unknown>): MedicationOrder {
  const out: MedicationOrder = { atc: [] }
  const med = obj(request.medicationCodeableConcept)
  for (const c of arr(med?.coding).map(obj)) {
    if (c === undefined || typeof c.code !== 'string') continue
    if (c.system === RXNORM_SYSTEM && out.rxnorm === undefined) {
      out.rxnorm = c.code
      if (typeof c.display === 'string') out.display = c.display
    }
    if (c.system === ATC_SYSTEM) out.atc.push(c.code)
  }
  if (out.display === undefined && typeof med?.text === 'string') out.display = med.text
  if (typeof request.authoredOn === 'string') out.authoredOn = request.authoredOn
  const dosage = obj(arr(request.dosageInstruction)[0])
  const doseAndRate = obj(arr(dosage?.doseAndRate)[0])
  const dose = num(obj(doseAndRate?.doseQuantity)?.value) ?? num(obj(obj(doseAndRate?.doseRange)?.high)?.value)
  if (dose !== undefined) out.dose = dose
  const repeat = obj(obj(dosage?.timing)?.repeat)
  const frequency = num(repeat?.frequencyMax) ?? num(repeat?.frequency)
  const period = num(repeat?.period)
  const unitDays = typeof repeat?.periodUnit === 'string' ? DAYS[repeat.periodUnit] : undefined
  if (frequency !== undefined && period !== undefined && period > 0 && unitDays !== undefined) out.dosesPerDay = frequency / (period * unitDays)
  const dispense = obj(request.dispenseRequest)
  const fills = 1 + (num(dispense?.numberOfRepeatsAllowed) ?? 0)
  // review fix: expectedSupplyDuration is what ONE dispense lasts, so the course covers every fill
  const perFill = durationDays(obj(dispense?.expectedSupplyDuration))
  const supply = perFill !== undefined ? perFill * fills : durationDays(obj(repeat?.boundsDuration)) ?? periodDays(obj(repeat?.boundsPeriod))
  if (supply !== undefined) out.durationDays = supply
  const qty = num(obj(dispense?.quantity)?.value)
  if (qty !== undefined) out.quantity = qty * fills
  const price = priceOf(request) ?? (dispense === undefined ? undefined : priceOf(dispense))
  if (price !== undefined) out.unitPrice = price
  return out
}

function durationDays (d: Record<string, unknown> | undefined): number | undefined {
  const v = num(d?.value)
  const unit = typeof d?.code === 'string' ? d.code : typeof d?.unit === 'string' ? d.unit : 'd'
  const perUnit = DAYS[unit] ?? (/^days?$/i.test(unit) ? 1 : undefined)
  return v === undefined || perUnit === undefined ? undefined : v * perUnit
}

/** Whole days between a Period's start and end dates (an order for 1–7 March runs 7 days: end inclusive). */
function periodDays (p: Record<string, unknown> | undefined): number | undefined {
  if (typeof p?.start !== 'string' || typeof p.end !== 'string') return undefined
  const start = Date.parse(p.start.slice(0, 10))
  const end = Date.parse(p.end.slice(0, 10))
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? (end - start) / 86_400_000 + 1 : undefined
}

function priceOf (holder: Record<string, unknown>): { value: number, currency: string } | undefined {
  for (const e of arr(holder.extension).map(obj)) {
    if (e?.url !== UNIT_PRICE_URL) continue
    const m = obj(e.valueMoney)
    const value = num(m?.value)
    if (value !== undefined && typeof m?.currency === 'string') return { value, currency: m.currency }
  }
  return undefined
}

function obj (v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : undefined
}
function arr (v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]
}
function num (v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}
