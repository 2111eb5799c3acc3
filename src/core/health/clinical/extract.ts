/**
 * FHIR R4 resource → typed {@link ClinicalView}. Pure and total: a missing or malformed field is left out,
 * never thrown on, so any resource the spine stored has a view. Field names follow FHIR R4
 * (https://hl7.org/fhir/R4/resourcelist.html); US Core / Synthea shapes are what the tests use.
 */
import { resourceMetadata } from '../../fhir/metadata.ts'
import type { FhirResource } from '../../fhir/metadata.ts'
import { bool, code, codes, codesOfAll, list, num, obj, period, quantity, referenceText, status, str } from './values.ts'
import type { Code, Quantity } from './values.ts'
import type {
  AllergyView, CarePlanView, ClinicalView, ConditionView, DiagnosticReportView, DosageView, EncounterView, ImmunizationView,
  MedicationView, ObservationComponentView, ObservationValue, ObservationView, ProcedureView, QuestionnaireAnswerView,
  QuestionnaireResponseView, ViewBase
} from './views.ts'

/** Days per UCUM time unit of FHIR Timing (`s | min | h | d | wk | mo | a`). */
const DAYS_PER_UNIT: Readonly<Record<string, number>> = { s: 1 / 86400, min: 1 / 1440, h: 1 / 24, d: 1, wk: 7, mo: 30, a: 365 }

/** The typed view of a resource. */
export function clinicalView (resource: FhirResource): ClinicalView {
  switch (resource.resourceType) {
    case 'Encounter': return encounter(resource)
    case 'Condition': return condition(resource)
    case 'AllergyIntolerance': return allergy(resource)
    case 'Procedure': return procedure(resource)
    case 'Observation': return observation(resource)
    case 'DiagnosticReport': return diagnosticReport(resource)
    case 'MedicationRequest': case 'MedicationStatement': return medication(resource)
    case 'CarePlan': return carePlan(resource)
    case 'Immunization': return immunization(resource)
    case 'QuestionnaireResponse': return questionnaireResponse(resource)
    default: return { kind: 'OTHER', ...base(resource, resource.code) }
  }
}

function base (r: FhirResource, main: unknown): ViewBase {
  const all = codes(main)
  const out: ViewBase = { resourceType: r.resourceType, codes: all }
  const s = status(r.status)
  if (s !== undefined) out.status = s
  if (all[0] !== undefined) out.code = all[0]
  const date = resourceMetadata(r).effective
  if (date !== undefined) out.date = date
  return out
}

/** Copies the defined entries of `extra` onto `target` (optional fields stay absent, not undefined). */
function withDefined<T extends object> (target: T, extra: Record<string, unknown>): T {
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) (target as Record<string, unknown>)[k] = v
  return target
}

function encounter (r: FhirResource): EncounterView {
  const types = codesOfAll(r.type)
  const location = list(r.location).map((l) => referenceText(obj(l)?.location)).find((x) => x !== undefined)
  const serviceType = code(r.serviceType)
  return withDefined<EncounterView>({
    kind: 'ENCOUNTER', ...base(r, r.type), types, reasons: codesOfAll(r.reasonCode),
    participants: list(r.participant).map((p) => referenceText(obj(p)?.individual)).filter((x): x is string => x !== undefined)
  }, {
    class: code(r.class), serviceType, period: period(r.period),
    department: location ?? serviceType?.display, hospital: referenceText(r.serviceProvider)
  })
}

function condition (r: FhirResource): ConditionView {
  return withDefined<ConditionView>({
    kind: 'CONDITION', ...base(r, r.code), categories: codesOfAll(r.category), bodySites: codesOfAll(r.bodySite)
  }, {
    clinicalStatus: status(r.clinicalStatus), verificationStatus: status(r.verificationStatus), severity: code(r.severity),
    onset: str(r.onsetDateTime) ?? period(r.onsetPeriod)?.start ?? str(r.onsetString),
    abatement: str(r.abatementDateTime) ?? period(r.abatementPeriod)?.start ?? str(r.abatementString),
    recordedDate: str(r.recordedDate)
  })
}

function allergy (r: FhirResource): AllergyView {
  const reactions = objects(r.reaction).map((re) => {
    return withDefined({ manifestations: codesOfAll(re.manifestation) }, { substance: code(re.substance), severity: str(re.severity), description: str(re.description) })
  })
  return withDefined<AllergyView>({
    kind: 'ALLERGY', ...base(r, r.code), categories: list(r.category).filter((c): c is string => typeof c === 'string'), reactions
  }, {
    clinicalStatus: status(r.clinicalStatus), verificationStatus: status(r.verificationStatus), type: str(r.type),
    criticality: str(r.criticality), onset: str(r.onsetDateTime) ?? period(r.onsetPeriod)?.start, recordedDate: str(r.recordedDate)
  })
}

function procedure (r: FhirResource): ProcedureView {
  const performed = period(r.performedPeriod) ?? (str(r.performedDateTime) === undefined ? undefined : { start: r.performedDateTime as string })
  return withDefined<ProcedureView>({
    kind: 'PROCEDURE', ...base(r, r.code), reasons: codesOfAll(r.reasonCode), bodySites: codesOfAll(r.bodySite)
  }, { performed, outcome: code(r.outcome) })
}

function value (o: Record<string, unknown>): ObservationValue & { valueCode?: Code } {
  return withDefined<ObservationValue & { valueCode?: Code }>({}, {
    quantity: quantity(o.valueQuantity), valueCode: code(o.valueCodeableConcept), text: str(o.valueString), boolean: bool(o.valueBoolean)
  })
}

function observation (r: FhirResource): ObservationView {
  const components: ObservationComponentView[] = objects(r.component).map((x) => withDefined<ObservationComponentView>(value(x), { code: code(x.code) }))
  const range = obj(list(r.referenceRange)[0])
  const referenceRange = range === undefined ? undefined : withDefined({}, { low: quantity(range.low), high: quantity(range.high), text: str(range.text) })
  return withDefined<ObservationView>({
    kind: 'OBSERVATION', ...base(r, r.code), ...value(r), categories: codesOfAll(r.category), components,
    interpretation: codesOfAll(r.interpretation)
  }, {
    effective: str(r.effectiveDateTime) ?? period(r.effectivePeriod)?.start ?? str(r.effectiveInstant), issued: str(r.issued), referenceRange
  })
}

function diagnosticReport (r: FhirResource): DiagnosticReportView {
  return withDefined<DiagnosticReportView>({
    kind: 'DIAGNOSTIC_REPORT', ...base(r, r.code), categories: codesOfAll(r.category), conclusionCodes: codesOfAll(r.conclusionCode),
    results: list(r.result).map(referenceText).filter((x): x is string => x !== undefined)
  }, {
    effective: str(r.effectiveDateTime) ?? period(r.effectivePeriod)?.start, issued: str(r.issued), conclusion: str(r.conclusion)
  })
}

/**
 * One FHIR Dosage: dose from the first doseAndRate (or doseQuantity), frequency/period from timing.repeat,
 * duration from timing.repeat.boundsDuration, else boundsPeriod, else the request's expected supply duration
 * over all its fills.
 */
export function dosage (d: unknown, expectedSupplyDays?: number): DosageView {
  const x = obj(d) ?? {}
  const repeat = obj(obj(x.timing)?.repeat) ?? {}
  const frequency = num(repeat.frequency)
  const per = num(repeat.period)
  const unit = str(repeat.periodUnit)
  const unitDays = unit === undefined ? undefined : DAYS_PER_UNIT[unit]
  const perDay = frequency !== undefined && per !== undefined && per > 0 && unitDays !== undefined ? frequency / (per * unitDays) : undefined
  const doseAndRate = obj(list(x.doseAndRate)[0])
  return withDefined<DosageView>({}, {
    text: str(x.text), dose: quantity(doseAndRate?.doseQuantity) ?? quantity(x.doseQuantity), frequency, period: per, periodUnit: unit, perDay,
    durationDays: durationDays(repeat.boundsDuration) ?? periodDays(repeat.boundsPeriod) ?? expectedSupplyDays,
    asNeeded: bool(x.asNeededBoolean), route: code(x.route)
  })
}

/** A FHIR Duration in days, when its unit is a time unit. */
export function durationDays (v: unknown): number | undefined {
  const q = quantity(v)
  const unitDays = q === undefined ? undefined : DAYS_PER_UNIT[q.code ?? q.unit ?? '']
  return q === undefined || unitDays === undefined ? undefined : q.value * unitDays
}

function periodDays (v: unknown): number | undefined {
  const p = period(v)
  if (p?.start === undefined || p.end === undefined) return undefined
  const ms = Date.parse(p.end) - Date.parse(p.start)
  return Number.isFinite(ms) && ms >= 0 ? ms / 86_400_000 : undefined
}

function medication (r: FhirResource): MedicationView {
  const dispense = obj(r.dispenseRequest) ?? {}
  // expectedSupplyDuration is what ONE dispense lasts (FHIR R4): with repeats the course runs that many more
  // (review fix: a refilled medication was no longer current after its first fill)
  const perFill = durationDays(dispense.expectedSupplyDuration)
  const supply = perFill === undefined ? undefined : perFill * (1 + (num(dispense.numberOfRepeatsAllowed) ?? 0))
  const dosages = list(r.resourceType === 'MedicationStatement' ? r.dosage : r.dosageInstruction).map((d) => dosage(d, supply))
  const effectivePeriod = period(r.effectivePeriod) ?? period(dispense.validityPeriod)
  return withDefined<MedicationView>({
    kind: 'MEDICATION', ...base(r, r.medicationCodeableConcept ?? obj(r.medicationReference) ?? undefined),
    reasons: [...codesOfAll(r.reasonCode), ...list(r.reasonReference).map(referenceText).filter((x): x is string => x !== undefined).map((display) => ({ display }))],
    dosage: dosages
  }, {
    intent: str(r.intent), authoredOn: str(r.authoredOn) ?? str(r.dateAsserted) ?? str(r.effectiveDateTime), effectivePeriod,
    requester: referenceText(r.requester) ?? referenceText(r.informationSource), quantity: quantity(dispense.quantity)
  })
}

function carePlan (r: FhirResource): CarePlanView {
  const activities = objects(r.activity).map((a) => {
    const detail = obj(a.detail) ?? {}
    return withDefined({}, { code: code(detail.code), status: str(detail.status), description: str(detail.description), scheduled: period(detail.scheduledPeriod) })
  })
  const main = list(r.category)[0]
  return withDefined<CarePlanView>({
    kind: 'CARE_PLAN', ...base(r, main), categories: codesOfAll(r.category), activities,
    addresses: list(r.addresses).map(referenceText).filter((x): x is string => x !== undefined)
  }, { intent: str(r.intent), title: str(r.title), description: str(r.description), period: period(r.period) })
}

function immunization (r: FhirResource): ImmunizationView {
  return withDefined<ImmunizationView>({ kind: 'IMMUNIZATION', ...base(r, r.vaccineCode) }, {
    occurrence: str(r.occurrenceDateTime) ?? str(r.occurrenceString), primarySource: bool(r.primarySource), lotNumber: str(r.lotNumber),
    site: code(r.site), route: code(r.route), doseQuantity: quantity(r.doseQuantity)
  })
}

function questionnaireResponse (r: FhirResource): QuestionnaireResponseView {
  const answers: QuestionnaireAnswerView[] = []
  const walk = (items: unknown): void => {
    for (const it of list(items)) {
      const item = obj(it)
      const linkId = str(item?.linkId)
      if (item === undefined || linkId === undefined) continue
      for (const a of list(item.answer)) {
        const x = obj(a) ?? {}
        answers.push(withDefined<QuestionnaireAnswerView>({ linkId }, {
          text: str(item.text), valueString: str(x.valueString), valueNumber: num(x.valueDecimal) ?? num(x.valueInteger), valueBoolean: bool(x.valueBoolean),
          valueCode: code(x.valueCoding), valueQuantity: quantity(x.valueQuantity), valueDate: str(x.valueDate) ?? str(x.valueDateTime)
        }))
        walk(x.item)
      }
      walk(item.item)
    }
  }
  walk(r.item)
  return withDefined<QuestionnaireResponseView>({ kind: 'QUESTIONNAIRE_RESPONSE', ...base(r, undefined), answers }, {
    questionnaire: str(r.questionnaire), authored: str(r.authored), author: referenceText(r.author), source: referenceText(r.source)
  })
}

/** The objects of a list (anything else in it is skipped). */
function objects (v: unknown): Array<Record<string, unknown>> {
  return list(v).map(obj).filter((x) => x !== undefined)
}

/** The quantity of an observation or of its component coded `key` (`system|code` or bare code). */
export function observedQuantity (view: ObservationView, key: string): Quantity | undefined {
  const match = (c: Code | undefined): boolean => c?.code !== undefined && (key === c.code || key === `${c.system ?? ''}|${c.code}`)
  if (view.codes.some(match)) return view.quantity
  return view.components.find((c) => match(c.code))?.quantity
}
