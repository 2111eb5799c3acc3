/**
 * Point tables of the American Heart Association's Life's Essential 8 (LE8) for adults, from
 * Lloyd-Jones DM et al., "Life's Essential 8: Updating and Enhancing the American Heart Association's
 * Construct of Cardiovascular Health", Circulation 2022;146:e18–e43 (Table 2, adult metrics). Each metric
 * scores 0–100; the LE8 score is the unweighted mean of the metrics. Simplifications, on purpose:
 * - blood pressure and non-HDL: the 20-point deduction for treated levels is applied when the caller says
 *   the patient is on such drugs (the records subgraph infers it from active MedicationRequests, see
 *   src/subgraphs/records/health/data/cardiovascular-drugs.json);
 * - glucose: HbA1c ≥ 6.5 % is read as diabetes (no Condition lookup); a fasting glucose ≥ 126 mg/dL with
 *   no HbA1c scores 40 (the best diabetic tier, since its HbA1c is unknown);
 * - nicotine: a former smoker whose quit date is unknown scores 50 (quit 1–5 years); second-hand smoke is
 *   not deducted;
 * - diet: LE8 scores the MEPA questionnaire (0–16 points); no LOINC code exists for it, so it is read from
 *   the medledger code below.
 */

/** LOINC codes each metric reads (system http://loinc.org unless noted). */
export const LOINC = {
  /** Blood pressure panel with its systolic and diastolic components (what Synthea writes). */
  bpPanel: '85354-9',
  systolic: '8480-6',
  diastolic: '8462-4',
  /** Body mass index (BMI) [Ratio]. */
  bmi: '39156-5',
  /** Cholesterol in Serum or Plasma (total). */
  totalCholesterol: '2093-3',
  /** HDL cholesterol in Serum or Plasma. */
  hdl: '2085-9',
  /** Cholesterol.non HDL in Serum or Plasma (measured or calculated directly). */
  nonHdl: '43396-1',
  /** Hemoglobin A1c/Hemoglobin.total in Blood. */
  hba1c: '4548-4',
  /** Fasting glucose in Serum or Plasma. */
  fastingGlucose: '1558-6',
  /** Glucose in Blood (what Synthea writes; scored as fasting). */
  glucose: '2339-0',
  /** Glucose in Serum or Plasma. */
  glucoseSerum: '2345-7',
  /** Tobacco smoking status (valueCodeableConcept, SNOMED CT). */
  smoking: '72166-2',
  /** Days per week of moderate to strenuous physical activity (Exercise Vital Sign, question 1). */
  activityDays: '89555-7',
  /** Minutes per day of moderate to strenuous exercise on those days (Exercise Vital Sign, question 2). */
  activityMinutes: '68516-4',
  /** Sleep duration (hours per night). */
  sleep: '93832-4'
} as const

/** Points LE8 deducts from blood pressure and non-HDL cholesterol reached on drugs. */
export const TREATED_DEDUCTION = 20

/** The MEPA diet score (0–16) has no LOINC code: medledger's own code for it. */
export const DIET_SYSTEM = 'https://medledger.dev/fhir/CodeSystem/health-score'
export const DIET_CODE = 'mepa-diet-score'

/** SNOMED CT answers of 72166-2 and the LE8 points they give. */
export const SMOKING_POINTS: Readonly<Record<string, number>> = {
  266919005: 100, // Never smoker
  8517006: 50, // Ex-smoker (quit date unknown: the 1–5 year tier)
  449868002: 0, // Smokes tobacco daily
  428041000124106: 0, // Occasional tobacco smoker
  77176002: 0, // Smoker
  428071000124103: 0, // Heavy tobacco smoker
  428061000124105: 0 // Light tobacco smoker
}

/** A step of a point table: values below `below` (and above the previous step) score `points`. */
export interface Step { below: number, points: number }

/** Looks `value` up in ascending `steps`; values at or above the last bound score `top`. */
export function pointsOf (value: number, steps: readonly Step[], top: number): number {
  for (const s of steps) if (value < s.below) return s.points
  return top
}

/** BMI kg/m²: < 25 → 100, 25–29.9 → 70, 30–34.9 → 30, 35–39.9 → 15, ≥ 40 → 0. */
export const BMI_STEPS: readonly Step[] = [{ below: 25, points: 100 }, { below: 30, points: 70 }, { below: 35, points: 30 }, { below: 40, points: 15 }]
/** Non-HDL cholesterol mg/dL: < 130 → 100, 130–159 → 60, 160–189 → 40, 190–219 → 20, ≥ 220 → 0. */
export const NON_HDL_STEPS: readonly Step[] = [{ below: 130, points: 100 }, { below: 160, points: 60 }, { below: 190, points: 40 }, { below: 220, points: 20 }]
/** HbA1c %: < 5.7 → 100, 5.7–6.4 → 60, diabetes (≥ 6.5) < 7 → 40, 7–7.9 → 30, 8–8.9 → 20, 9–9.9 → 10, ≥ 10 → 0. */
export const HBA1C_STEPS: readonly Step[] = [{ below: 5.7, points: 100 }, { below: 6.5, points: 60 }, { below: 7, points: 40 }, { below: 8, points: 30 }, { below: 9, points: 20 }, { below: 10, points: 10 }]
/** Fasting glucose mg/dL: < 100 → 100, 100–125 → 60, ≥ 126 → 40 (see the note above). */
export const GLUCOSE_STEPS: readonly Step[] = [{ below: 100, points: 100 }, { below: 126, points: 60 }]
/** Systolic mmHg: < 120 → 100, 120–129 → 75, 130–139 → 50, 140–159 → 25, ≥ 160 → 0. */
export const SYSTOLIC_STEPS: readonly Step[] = [{ below: 120, points: 100 }, { below: 130, points: 75 }, { below: 140, points: 50 }, { below: 160, points: 25 }]
/** Diastolic mmHg: < 80 → 100, 80–89 → 50, 90–99 → 25, ≥ 100 → 0 (the BP score is the lower of the two). */
export const DIASTOLIC_STEPS: readonly Step[] = [{ below: 80, points: 100 }, { below: 90, points: 50 }, { below: 100, points: 25 }]
/** Moderate-to-vigorous activity minutes per week: ≥ 150 → 100, 120–149 → 90, 90–119 → 80, 60–89 → 60, 30–59 → 40, 1–29 → 20, 0 → 0. */
export const ACTIVITY_STEPS: readonly Step[] = [{ below: 1, points: 0 }, { below: 30, points: 20 }, { below: 60, points: 40 }, { below: 90, points: 60 }, { below: 120, points: 80 }, { below: 150, points: 90 }]
/** MEPA points (0–16): 15–16 → 100, 12–14 → 80, 8–11 → 50, 4–7 → 25, 0–3 → 0. */
export const DIET_STEPS: readonly Step[] = [{ below: 4, points: 0 }, { below: 8, points: 25 }, { below: 12, points: 50 }, { below: 15, points: 80 }]

/** Sleep hours per night: 7–< 9 → 100, 9–< 10 → 90, 6–< 7 → 70, 5–< 6 or ≥ 10 → 40, 4–< 5 → 20, < 4 → 0. */
export function sleepPoints (hours: number): number {
  if (hours < 4) return 0
  if (hours < 5) return 20
  if (hours < 6) return 40
  if (hours < 7) return 70
  if (hours < 9) return 100
  if (hours < 10) return 90
  return 40
}

/**
 * The grade of an LE8 score. AHA calls ≥ 80 high, 50–79 moderate and < 50 low cardiovascular health;
 * medledger splits those bands into five grades: A ≥ 80, B 65–79, C 50–64, D 25–49, E < 25.
 */
export function gradeOf (score: number): 'A' | 'B' | 'C' | 'D' | 'E' {
  if (score >= 80) return 'A'
  if (score >= 65) return 'B'
  if (score >= 50) return 'C'
  if (score >= 25) return 'D'
  return 'E'
}
