/**
 * Patient.healthScore and Patient.medicationChecks: derived from the records the caller may read, through the
 * same consent path as Patient.records (owner unlogged; anyone else per grant, every record read logged).
 * The score is computed on read from the latest records, never cached, so it follows every new record and
 * every revocation from the next request; `basisEntryIndex` (the ledger position of the newest record read)
 * says which records it reflects. Only the index is scanned; just the newest record of each score code is
 * decrypted, plus the newest prescriptions of blood pressure and lipid drugs (data/cardiovascular-drugs.json):
 * an active one makes the level a treated one (LE8: 20 points less).
 */
import { readFileSync } from 'node:fs'
import { RXNORM_SYSTEM } from '../../../core/health/medication/index.ts'
import { healthScore, measurementsOf, SCORE_CODINGS } from '../../../core/health/score/index.ts'
import { ucumDisplay } from '../../../core/health/units.ts'
import type { Measurement, Treatment } from '../../../core/health/score/index.ts'
import type { RecordRow } from '../../../ports/record-index.ts'
import type { SubgraphContext } from '../../context.ts'
import { authorizeRows, logReads, signedIn } from '../access.ts'
import { dataOf } from '../data.ts'
import { recordBodies } from '../record-loaders.ts'
import type { HealthScore, PatientResolvers } from '../resolvers-types.generated.ts'
import { checkRows } from './medication.ts'

/** The source of the method, as the API names it. */
export const SCORE_METHOD = 'AHA Life\'s Essential 8 (Lloyd-Jones et al., Circulation 2022;146:e18–e43), unweighted mean of the metrics present'
/** The most prescriptions Patient.medicationChecks checks (the newest). */
export const MAX_CHECKS = 200

const SCORE_KEYS: ReadonlySet<string> = new Set(SCORE_CODINGS)
const ATC_SYSTEM = 'http://www.whocc.no/atc'

/** The most prescriptions of cardiovascular drugs read to tell a treated level (the newest). */
export const MAX_DRUG_READS = 20

interface DrugClass { atcPrefixes: string[], rxnorm: string[] }
const TREATMENTS: ReadonlyArray<keyof Treatment> = ['bloodPressure', 'lipids']
const drugClasses = JSON.parse(readFileSync(new URL('./data/cardiovascular-drugs.json', import.meta.url), 'utf8')) as Record<keyof Treatment, DrugClass>

/** Which LE8 treatments a prescription's codes (`system|code`, as indexed) stand for; undefined for none. */
function treats (codes: readonly string[]): Array<keyof Treatment> | undefined {
  const kinds = TREATMENTS.filter((kind) => codes.some((c) => {
    const [system, code = ''] = c.split('|')
    if (system === RXNORM_SYSTEM) return drugClasses[kind].rxnorm.includes(code)
    return system === ATC_SYSTEM && drugClasses[kind].atcPrefixes.some((p) => code.startsWith(p))
  }))
  return kinds.length === 0 ? undefined : kinds
}

/** The newest row of each score code: rows come newest `effective` first from the index. */
function newestPerCode (rows: readonly RecordRow[]): RecordRow[] {
  const seen = new Set<string>()
  const out: RecordRow[] = []
  for (const row of rows) {
    const keys = row.codes.filter((c) => SCORE_KEYS.has(c))
    if (keys.length === 0 || keys.every((k) => seen.has(k))) continue
    for (const k of keys) seen.add(k)
    out.push(row)
  }
  return out
}

async function scoreOf (ctx: SubgraphContext, patientId: string, purpose: string): Promise<HealthScore> {
  signedIn(ctx.viewer)
  const index = dataOf(ctx.services).index
  const observations = index.byPatient(patientId, { resourceType: 'Observation' }).filter((r) => r.codes.some((c) => SCORE_KEYS.has(c)))
  const drugs = index.byPatient(patientId, { resourceType: 'MedicationRequest' }).filter((r) => treats(r.codes) !== undefined).slice(0, MAX_DRUG_READS)
  const auth = await authorizeRows(ctx, patientId, [...observations, ...drugs], purpose, { deniedIds: [] })
  const permitted = auth.permitted.map((p) => p.row)
  const chosen = [...newestPerCode(permitted.filter((r) => r.resourceType === 'Observation')), ...permitted.filter((r) => r.resourceType === 'MedicationRequest')]
  const bodies = await recordBodies(ctx).loadMany(chosen)
  const measurements: Measurement[] = []
  const treatment: Treatment = {}
  chosen.forEach((row, i) => {
    const body = bodies[i]
    if (body === undefined || body instanceof Error) return
    if (row.resourceType === 'Observation') measurements.push(...measurementsOf(body, row.recordId))
    else if (body.status === 'active') for (const kind of treats(row.codes) ?? []) treatment[kind] = true
  })
  const ids = new Set(chosen.map((r) => r.recordId))
  await logReads(ctx, patientId, purpose, auth, auth.permitted.filter((p) => ids.has(p.row.recordId)))
  const s = healthScore(measurements, treatment)
  return {
    score: s.score,
    grade: s.grade,
    method: SCORE_METHOD,
    coverage: s.coverage,
    missing: s.missing,
    components: s.components.map((c) => ({ ...c, treated: c.treated === true, unitDisplay: c.unit === null ? null : ucumDisplay(c.unit), answer: c.answer ?? null })),
    basisEntryIndex: chosen.length === 0 ? null : Math.max(...chosen.map((r) => r.entryIndex))
  }
}

export const HealthPatient: Pick<PatientResolvers, 'healthScore' | 'medicationChecks'> = {
  /**
   * @throws MedledgerError UNAUTHENTICATED; CONSENT_REQUIRED (logged) when someone else may read none of the
   *   records the score uses (also when the patient has none: the answer never tells which)
   */
  healthScore: async (patient, { purpose }, ctx) => scoreOf(ctx, patient.id, purpose ?? 'TREAT'),
  /**
   * The newest {@link MAX_CHECKS} prescriptions the caller may read, checked.
   * @throws MedledgerError UNAUTHENTICATED; CONSENT_REQUIRED (logged) when someone else may read none
   */
  medicationChecks: async (patient, { purpose }, ctx) => {
    signedIn(ctx.viewer)
    const p = purpose ?? 'TREAT'
    const rows = dataOf(ctx.services).index.byPatient(patient.id, { resourceType: 'MedicationRequest' })
    const auth = await authorizeRows(ctx, patient.id, rows, p, { deniedIds: [] })
    const served = auth.permitted.slice(0, MAX_CHECKS)
    const checked = await checkRows(ctx, served.map((s) => s.row))
    await logReads(ctx, patient.id, p, auth, served)
    return checked.map((c) => c.check)
  }
}
