/**
 * Prescription monitoring for a hospital's admins (their hospital only): the MedicationRequests the hospital
 * imported or its practitioners and API keys wrote, in volumes by drug, doctor, department (the encounter's
 * serviceType, else its type) and period, with price and quantity flags and the antibiotic share. The hospital
 * reads its own prescriptions for operations: every patient's records read are logged (AccessLogged, HOPERAT).
 * Limit: the index has no query by writer, so this scans the index's rows (dump) once per call.
 */
import { makeError } from '../../../core/errors.ts'
import type { RecordRow } from '../../../ports/record-index.ts'
import { logAccess } from '../audit.ts'
import { dataOf } from '../data.ts'
import { recordBodies } from '../record-loaders.ts'
import type { MonitoringPeriod, QueryResolvers, VolumeBucket } from '../resolvers-types.generated.ts'
import { assertAdmin, hospitalsOf, practitionerNames } from './directory.ts'
import { checkRows } from './medication.ts'
import type { CheckedRequest } from './medication.ts'
import { regionOf } from './prices.ts'
import { referenceTo } from '../../../core/fhir/grammar.ts'

/**
 * The most prescriptions one call decrypts (each also reads its encounter): a bigger range answers BAD_INPUT
 * and asks for a narrower from/to, so no call makes the server decrypt without limit (review fix). An object
 * so tests can lower it.
 */
export const MONITORING_LIMITS = { maxPrescriptions: 5000 }

const DATE = /^\d{4}-\d{2}-\d{2}/
const ENCOUNTER_REF = referenceTo('Encounter')
const PRACTITIONER_REF = referenceTo('Practitioner')

/** The latest version of each MedicationRequest the hospital wrote or imported. */
async function prescriptionsOf (services: Parameters<typeof hospitalsOf>[0], organizationId: string): Promise<RecordRow[]> {
  const latest = new Map<string, RecordRow>()
  for (const row of dataOf(services).index.dump()) {
    if (row.resourceType !== 'MedicationRequest') continue
    const prev = latest.get(row.recordId)
    if (prev === undefined || row.version > prev.version) latest.set(row.recordId, row)
  }
  const rows = [...latest.values()]
  const hospitals = await hospitalsOf(services, rows)
  return rows.filter((r) => hospitals.get(r.recordId) === organizationId)
}

function periodKey (date: string, period: MonitoringPeriod): string {
  if (period === 'YEAR') return date.slice(0, 4)
  if (period === 'QUARTER') return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`
  return date.slice(0, 7)
}

function buckets (items: Array<{ key: string, label: string | null }>): VolumeBucket[] {
  const m = new Map<string, VolumeBucket>()
  for (const i of items) {
    const b = m.get(i.key) ?? { key: i.key, label: i.label, count: 0 }
    b.count++
    m.set(i.key, b)
  }
  return [...m.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
}

function conceptLabel (v: unknown): string | undefined {
  const c = (Array.isArray(v) ? v[0] : v) as { text?: unknown, coding?: Array<{ display?: unknown, code?: unknown }> } | undefined
  if (typeof c?.text === 'string') return c.text
  const coding = c?.coding?.[0]
  return typeof coding?.display === 'string' ? coding.display : typeof coding?.code === 'string' ? coding.code : undefined
}

export const MonitoringQuery: Pick<QueryResolvers, 'prescriptionMonitoring'> = {
  /**
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN unless the caller administers the hospital; BAD_INPUT for
   *   a `from` or `to` that is not an ISO date, or a range of more than {@link MONITORING_LIMITS} prescriptions
   */
  prescriptionMonitoring: async (_p, { organizationId, from, to, period }, ctx) => {
    assertAdmin(ctx.services, ctx.viewer, organizationId)
    for (const d of [from, to]) if (d !== null && d !== undefined && !DATE.test(d)) throw makeError('from and to are ISO dates (YYYY-MM-DD)', 'BAD_INPUT')
    const lo = from?.slice(0, 10)
    const hi = to?.slice(0, 10)
    const rows = (await prescriptionsOf(ctx.services, organizationId)).filter((r) => {
      const d = r.effective?.slice(0, 10)
      return (lo === undefined || (d !== undefined && d >= lo)) && (hi === undefined || (d !== undefined && d <= hi))
    })
    if (rows.length > MONITORING_LIMITS.maxPrescriptions) throw makeError(`more than ${MONITORING_LIMITS.maxPrescriptions} prescriptions between from and to: narrow the range`, 'BAD_INPUT')
    const checked = await checkRows(ctx, rows)
    const byPatient = new Map<string, string[]>()
    for (const c of checked) byPatient.set(c.row.patientId, [...(byPatient.get(c.row.patientId) ?? []), c.row.recordId])
    const departments = await departmentsOf(ctx, checked, organizationId)
    await Promise.all([...byPatient].map(async ([subject, recordIds]) => logAccess(ctx, { subject, recordIds, decision: 'permit', purpose: 'HOPERAT' })))
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- JSON input: a non-string reference stringifies to text the pattern rejects
    const doctorIds = checked.map((c) => PRACTITIONER_REF.exec(String((c.resource.requester as { reference?: unknown } | undefined)?.reference ?? ''))?.[1])
    const names = practitionerNames(ctx.services, doctorIds.filter((d): d is string => d !== undefined))
    const antibioticCount = checked.filter((c) => c.check.antibiotic).length
    return {
      organizationId,
      region: await regionOf(ctx.services, organizationId),
      total: checked.length,
      byDrug: buckets(checked.map((c) => ({ key: c.check.rxnorm ?? 'unknown', label: c.check.drug ?? null }))),
      byDoctor: buckets(checked.map((c, i) => {
        const id = doctorIds[i]
        return { key: id ?? c.check.prescriber ?? 'unknown', label: (id === undefined ? undefined : names.get(id)) ?? c.check.prescriber ?? null }
      })),
      byDepartment: buckets(checked.map((c) => ({ key: departments.get(c.row.recordId) ?? 'unknown', label: null }))),
      byPeriod: buckets(checked.map((c) => ({ key: c.check.authoredOn === null || c.check.authoredOn === undefined ? 'unknown' : periodKey(c.check.authoredOn, period ?? 'MONTH'), label: null })))
        .sort((a, b) => a.key.localeCompare(b.key)),
      antibioticCount,
      antibioticShare: checked.length === 0 ? 0 : Math.round(antibioticCount / checked.length * 10_000) / 10_000,
      priceFlags: checked.filter((c) => c.check.price.status === 'FLAGGED').length,
      quantityFlags: checked.filter((c) => c.check.quantity.status === 'FLAGGED').length,
      outliers: checked.filter((c) => c.check.flagged).map((c) => c.check).sort((a, b) => (b.authoredOn ?? '').localeCompare(a.authoredOn ?? ''))
    }
  }
}

/**
 * The department of each prescription: its encounter's serviceType, else the encounter type (one decrypt batch).
 * Only an encounter the same hospital recorded is read: a prescription may name any encounter of the patient,
 * and another hospital's visit is not this hospital's to decrypt (a review finding).
 */
async function departmentsOf (ctx: Parameters<typeof checkRows>[0], checked: CheckedRequest[], organizationId: string): Promise<Map<string, string>> {
  const index = dataOf(ctx.services).index
  const encounterOf = new Map<string, RecordRow>()
  for (const c of checked) {
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- JSON input: a non-string reference stringifies to text the pattern rejects
    const id = ENCOUNTER_REF.exec(String((c.resource.encounter as { reference?: unknown } | undefined)?.reference ?? ''))?.[1]
    const row = id === undefined ? undefined : index.record(id)
    if (row !== undefined && row.resourceType === 'Encounter' && row.patientId === c.row.patientId) encounterOf.set(c.row.recordId, row)
  }
  const own = await hospitalsOf(ctx.services, [...encounterOf.values()])
  for (const [mr, enc] of encounterOf) if (own.get(enc.recordId) !== organizationId) encounterOf.delete(mr)
  const rows = [...encounterOf.values()]
  const bodies = await recordBodies(ctx).loadMany(rows)
  const label = new Map<RecordRow, string>()
  rows.forEach((r, i) => {
    const b = bodies[i]
    if (b === undefined || b instanceof Error) return
    const l = conceptLabel(b.serviceType) ?? conceptLabel(b.type)
    if (l !== undefined) label.set(r, l)
  })
  const out = new Map<string, string>()
  for (const [mr, enc] of encounterOf) { const l = label.get(enc); if (l !== undefined) out.set(mr, l) }
  return out
}
