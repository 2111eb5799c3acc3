import type { Measurement } from './measurements.ts'
import {
  ACTIVITY_STEPS, BMI_STEPS, DIASTOLIC_STEPS, DIET_CODE, DIET_STEPS, DIET_SYSTEM, GLUCOSE_STEPS, HBA1C_STEPS, LOINC, NON_HDL_STEPS,
  SMOKING_POINTS, SYSTOLIC_STEPS, TREATED_DEDUCTION, gradeOf, pointsOf, sleepPoints
} from './tables.ts'

/** The eight LE8 metrics, in the AHA's order. */
export const COMPONENTS = ['DIET', 'PHYSICAL_ACTIVITY', 'NICOTINE', 'SLEEP', 'BMI', 'NON_HDL_CHOLESTEROL', 'BLOOD_GLUCOSE', 'BLOOD_PRESSURE'] as const
export type Component = typeof COMPONENTS[number]

/** One metric's contribution: null points when its inputs are missing. */
export interface ComponentScore {
  component: Component
  points: number | null
  /** The value scored, in `unit` (for BP the systolic; for nicotine none: see `answer`). */
  value: number | null
  /** UCUM code of `value`'s unit. */
  unit: string | null
  /** The coded answer scored (nicotine: the smoking status), when the metric reads one. */
  answer?: { system: string, code: string, display?: string }
  /** When the (oldest) input it used was measured; null when missing. */
  measuredAt: string | null
  /** LOINC codes it used, or that it would need when missing. */
  codes: string[]
  recordIds: string[]
  /** True when the 20-point deduction for a drug-treated level was applied. */
  treated?: boolean
}

/** A patient's LE8 health score. */
export interface HealthScore {
  /** Mean of the components that have points, rounded; null when none has. */
  score: number | null
  grade: 'A' | 'B' | 'C' | 'D' | 'E' | null
  components: ComponentScore[]
  /** Components with points / 8. */
  coverage: number
  missing: Component[]
}

/** Active drug treatment LE8 deducts for: a level reached on drugs is worth 20 points less. */
export interface Treatment {
  /** On antihypertensive medication. */
  bloodPressure?: boolean
  /** On lipid-lowering medication. */
  lipids?: boolean
}

/** LE8 Table 2: "if treated level, subtract 20 points" (blood pressure, blood lipids), never below 0. */
function treated (c: ComponentScore, onDrugs: boolean | undefined): ComponentScore {
  if (onDrugs !== true || c.points === null) return c
  return { ...c, points: Math.max(0, c.points - TREATED_DEDUCTION), treated: true }
}

/**
 * The Life's Essential 8 score of a patient from their measurements (see tables.ts for the AHA source and
 * the simplifications): each metric from its latest inputs, less 20 points for a blood pressure or lipid level
 * reached on drugs (`treatment`), the score the mean of the metrics present.
 * Pure: the same measurements give the same score whatever their order.
 */
export function healthScore (measurements: readonly Measurement[], treatment: Treatment = {}): HealthScore {
  const latest = latestByCode(measurements)
  const components = [diet(latest), activity(latest), nicotine(latest), sleep(latest), bmi(latest),
    treated(nonHdl(latest), treatment.lipids), glucose(latest), treated(bloodPressure(latest), treatment.bloodPressure)]
  const scored = components.filter((c) => c.points !== null)
  const score = scored.length === 0 ? null : Math.round(scored.reduce((s, c) => s + c.points!, 0) / scored.length)
  return {
    score,
    grade: score === null ? null : gradeOf(score),
    components,
    coverage: scored.length / COMPONENTS.length,
    missing: components.filter((c) => c.points === null).map((c) => c.component)
  }
}

type Latest = Map<string, Measurement>

/** The latest measurement per code (by `at`; one without a date only when nothing dated exists). */
function latestByCode (ms: readonly Measurement[]): Latest {
  const out: Latest = new Map()
  for (const m of ms) {
    const prev = out.get(m.code)
    if (prev === undefined || newer(m, prev)) out.set(m.code, m)
  }
  return out
}

function newer (a: Measurement, b: Measurement): boolean {
  const ta = a.at === undefined ? -Infinity : Date.parse(a.at)
  const tb = b.at === undefined ? -Infinity : Date.parse(b.at)
  if (ta !== tb) return ta > tb
  return (a.recordId ?? '') > (b.recordId ?? '') // deterministic tie-break
}

function result (component: Component, codes: string[], used: Measurement[], points: number | null, value: number | null, unit: string | null): ComponentScore {
  if (points === null) return { component, points: null, value: null, unit: null, measuredAt: null, codes, recordIds: [] }
  const dates = used.map((m) => m.at).filter((a): a is string => a !== undefined).sort((a, b) => Date.parse(a) - Date.parse(b))
  const recordIds = [...new Set(used.map((m) => m.recordId).filter((r): r is string => r !== undefined))]
  return { component, points, value: round(value), unit, measuredAt: dates[0] ?? null, codes, recordIds }
}

function round (v: number | null): number | null {
  return v === null ? null : Math.round(v * 100) / 100
}

function num (latest: Latest, code: string): Measurement | undefined {
  const m = latest.get(code)
  return m?.value === undefined ? undefined : m
}

function bloodPressure (l: Latest): ComponentScore {
  const codes = [LOINC.systolic, LOINC.diastolic]
  const s = num(l, LOINC.systolic)
  const d = num(l, LOINC.diastolic)
  if (s === undefined && d === undefined) return result('BLOOD_PRESSURE', codes, [], null, null, null)
  const ps = s === undefined ? 100 : pointsOf(s.value!, SYSTOLIC_STEPS, 0)
  const pd = d === undefined ? 100 : pointsOf(d.value!, DIASTOLIC_STEPS, 0)
  const used = [s, d].filter((m): m is Measurement => m !== undefined)
  return result('BLOOD_PRESSURE', codes, used, Math.min(ps, pd), (s ?? d)!.value!, 'mm[Hg]')
}

function bmi (l: Latest): ComponentScore {
  const m = num(l, LOINC.bmi)
  if (m === undefined) return result('BMI', [LOINC.bmi], [], null, null, null)
  return result('BMI', [LOINC.bmi], [m], pointsOf(m.value!, BMI_STEPS, 0), m.value!, 'kg/m2')
}

/** mg/dL from mg/dL or mmol/L (cholesterol: 1 mmol/L = 38.67 mg/dL). */
function cholesterolMgDl (m: Measurement): number {
  return /mmol/i.test(m.unit ?? '') ? m.value! * 38.67 : m.value!
}

function nonHdl (l: Latest): ComponentScore {
  const direct = num(l, LOINC.nonHdl)
  const total = num(l, LOINC.totalCholesterol)
  const hdl = num(l, LOINC.hdl)
  const codes = [LOINC.nonHdl, LOINC.totalCholesterol, LOINC.hdl]
  if (direct !== undefined) {
    const v = cholesterolMgDl(direct)
    return result('NON_HDL_CHOLESTEROL', codes, [direct], pointsOf(v, NON_HDL_STEPS, 0), v, 'mg/dL')
  }
  if (total === undefined || hdl === undefined) return result('NON_HDL_CHOLESTEROL', codes, [], null, null, null)
  const v = cholesterolMgDl(total) - cholesterolMgDl(hdl)
  return result('NON_HDL_CHOLESTEROL', codes, [total, hdl], pointsOf(v, NON_HDL_STEPS, 0), v, 'mg/dL')
}

function glucose (l: Latest): ComponentScore {
  const codes = [LOINC.hba1c, LOINC.fastingGlucose, LOINC.glucose, LOINC.glucoseSerum]
  const a1c = num(l, LOINC.hba1c)
  if (a1c !== undefined) {
    // IFCC mmol/mol → NGSP %: % = 0.09148 × mmol/mol + 2.152
    const pct = /mmol\/mol/i.test(a1c.unit ?? '') ? 0.09148 * a1c.value! + 2.152 : a1c.value!
    return result('BLOOD_GLUCOSE', codes, [a1c], pointsOf(pct, HBA1C_STEPS, 0), pct, '%')
  }
  const g = [LOINC.fastingGlucose, LOINC.glucose, LOINC.glucoseSerum].map((c) => num(l, c)).filter((m): m is Measurement => m !== undefined)
    .sort((a, b) => newer(a, b) ? -1 : 1)[0]
  if (g === undefined) return result('BLOOD_GLUCOSE', codes, [], null, null, null)
  const mg = /mmol/i.test(g.unit ?? '') ? g.value! * 18.016 : g.value!
  return result('BLOOD_GLUCOSE', codes, [g], pointsOf(mg, GLUCOSE_STEPS, 40), mg, 'mg/dL')
}

function nicotine (l: Latest): ComponentScore {
  const m = l.get(LOINC.smoking)
  const snomed = m?.answers?.map((a) => a.split('|')[1] ?? '').find((c) => SMOKING_POINTS[c] !== undefined)
  if (m === undefined || snomed === undefined) return result('NICOTINE', [LOINC.smoking], [], null, null, null)
  const answer = m.answerCodings?.find((c) => c.code === snomed)
  return { ...result('NICOTINE', [LOINC.smoking], [m], SMOKING_POINTS[snomed]!, null, null), ...(answer === undefined ? {} : { answer }) }
}

function activity (l: Latest): ComponentScore {
  const codes = [LOINC.activityDays, LOINC.activityMinutes]
  const days = num(l, LOINC.activityDays)
  const minutes = num(l, LOINC.activityMinutes)
  if (days === undefined || minutes === undefined) return result('PHYSICAL_ACTIVITY', codes, [], null, null, null)
  const perWeek = days.value! * minutes.value!
  return result('PHYSICAL_ACTIVITY', codes, [days, minutes], pointsOf(perWeek, ACTIVITY_STEPS, 100), perWeek, 'min/wk')
}

function sleep (l: Latest): ComponentScore {
  const m = num(l, LOINC.sleep)
  if (m === undefined) return result('SLEEP', [LOINC.sleep], [], null, null, null)
  const hours = /^min$/i.test(m.unit ?? '') ? m.value! / 60 : m.value!
  return result('SLEEP', [LOINC.sleep], [m], sleepPoints(hours), hours, 'h')
}

function diet (l: Latest): ComponentScore {
  const m = num(l, DIET_CODE)
  if (m === undefined) return result('DIET', [DIET_CODE], [], null, null, null)
  return result('DIET', [DIET_CODE], [m], pointsOf(m.value!, DIET_STEPS, 100), m.value!, '{score}')
}

/** Every coding the score reads, as the index keeps codes (`system|code`): what to filter on before decrypting anything. */
export const SCORE_CODINGS: readonly string[] = [...Object.values(LOINC).map((c) => `http://loinc.org|${c}`), `${DIET_SYSTEM}|${DIET_CODE}`]
