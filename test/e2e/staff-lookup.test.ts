// over HTTP against a real gateway: a hospital's staff find the patients THEIR hospital imported by
// MRN or by name + birth date — never another hospital's, even for the same person imported by both — every
// look-up audited (the patient's access log, a PatientLookup ledger entry without the searched values), and
// the printable emergency ID a patient gets and a doctor decodes.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { importedRecordId } from '../../src/import/index.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { codes } from '../gateway/helpers.ts'
import { FIXTURES } from '../import/helpers.ts'
import { tempDir } from '../support/data.ts'
import { client, login, ok } from './consent-helpers.ts'
import type { Credential } from './consent-helpers.ts'

const BOB = { file: 'bundles/Bob965_Keeling57_3f6fd0bb-6cd3-eb3f-4401-cd38ace25f2b.json', source: '3f6fd0bb-6cd3-eb3f-4401-cd38ace25f2b', ssn: '999-12-9623', family: 'Keeling57', given: 'Bob965', birthDate: '1991-07-08' }
const ASSUNTA = { file: 'bundles/Assunta351_Dickens475_3d195286-ce77-f5b3-b64f-3eacfb9c273e.json.gz', source: '3d195286-ce77-f5b3-b64f-3eacfb9c273e', family: 'Dickens475', birthDate: '1993-05-02' }
const FIND = 'query ($i: PatientLookupInput!) { findPatients(input: $i) { patient { id } mrn name birthDate } }'

interface Match { patient: { id: string }, mrn: string | null, name: string | null, birthDate: string | null }
interface Hospital { id: string, admin: Credential, doctor: Credential, doctorAccount: string }

describe('staff patient look-up and the emergency ID', () => {
  const tmp = tempDir('medledger-lookup-')
  let services: Awaited<ReturnType<typeof openServices>>
  let gw: RunningServer
  const gql = client(() => gw.url)
  const previousRoot = process.env.MEDLEDGER_IMPORT_ROOT
  const hospitals: Record<'a' | 'b', Hospital> = {} as Record<'a' | 'b', Hospital>
  const find = async (who: Credential, input: Record<string, unknown>): Promise<Match[]> => (await ok<{ findPatients: Match[] }>(gql, FIND, { i: input }, who)).findPatients

  async function hospital (name: string, files: string[]): Promise<Hospital> {
    const adminWallet = Wallet.createRandom()
    await login(gql, adminWallet)
    const first: Credential = { bearer: (await login(gql, adminWallet)).bearer }
    const id = (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation ($n: String!) { registerOrganization(input: { name: $n }) { id } }', { n: name }, first)).registerOrganization.id
    const admin: Credential = { bearer: (await login(gql, adminWallet)).bearer }
    const doctorWallet = Wallet.createRandom()
    const doctorAccount = (await login(gql, doctorWallet)).accountId
    await ok(gql, 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }', { i: { address: doctorWallet.address, name: `Dr ${name}`, organizationId: id } }, admin)
    const doctor: Credential = { bearer: (await login(gql, doctorWallet)).bearer }
    const job = await ok<{ startImport: { id: string } }>(gql, 'mutation ($i: StartImportInput!) { startImport(input: $i) { id } }', { i: { organizationId: id, paths: files } }, admin)
    for (;;) {
      const s = await ok<{ importJob: { status: string, rejected: number } }>(gql, 'query ($id: ID!) { importJob(id: $id) { status rejected } }', { id: job.startImport.id }, admin)
      if (s.importJob.status !== 'RUNNING') { expect(s.importJob.status).toBe('DONE'); break }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return { id, admin, doctor, doctorAccount }
  }

  beforeAll(async () => {
    process.env.MEDLEDGER_IMPORT_ROOT = FIXTURES
    services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 50, fsync: false })
    gw = await createGateway({ services, port: 0 })
    hospitals.a = await hospital('Hospital A', [BOB.file])
    // Hospital B imported Bob too (its own copy, its own person ID) and Assunta.
    hospitals.b = await hospital('Hospital B', [BOB.file, ASSUNTA.file])
  }, 120_000)
  afterAll(async () => {
    await gw?.stop()
    await services?.close()
    tmp.cleanup()
    if (previousRoot === undefined) delete process.env.MEDLEDGER_IMPORT_ROOT
    else process.env.MEDLEDGER_IMPORT_ROOT = previousRoot
  })

  const bobOf = (h: Hospital): string => importedRecordId(h.id, 'Patient', BOB.source)

  it('finds the own hospital\'s patient by MRN and by name + birth date', async () => {
    const expected = [{ patient: { id: bobOf(hospitals.a) }, mrn: BOB.source, name: 'Bob965 Keeling57', birthDate: BOB.birthDate }]
    expect(await find(hospitals.a.doctor, { mrn: BOB.source })).toEqual(expected)
    expect(await find(hospitals.a.admin, { mrn: BOB.source, mrnSystem: 'http://hospital.smarthealthit.org' })).toEqual(expected)
    expect(await find(hospitals.a.doctor, { family: 'keeling57', birthDate: BOB.birthDate })).toEqual(expected)
    expect(await find(hospitals.a.doctor, { family: BOB.family, given: BOB.given, birthDate: BOB.birthDate })).toEqual(expected)
    expect(await find(hospitals.a.doctor, { family: BOB.family, given: 'Someone', birthDate: BOB.birthDate })).toEqual([])
    expect(await find(hospitals.a.doctor, { family: BOB.family, birthDate: '1991-07-09' })).toEqual([])
    // An identifier that is not the MRN (a social security number) finds no one.
    expect(await find(hospitals.a.doctor, { mrn: BOB.ssn })).toEqual([])
  })

  it('never finds another hospital\'s patient', async () => {
    expect(await find(hospitals.a.doctor, { mrn: ASSUNTA.source })).toEqual([])
    expect(await find(hospitals.a.doctor, { family: ASSUNTA.family, birthDate: ASSUNTA.birthDate })).toEqual([])
    // The same person imported by both hospitals: each finds only its own patient.
    const a = await find(hospitals.a.doctor, { mrn: BOB.source })
    const b = await find(hospitals.b.doctor, { mrn: BOB.source })
    expect(a.map((m) => m.patient.id)).toEqual([bobOf(hospitals.a)])
    expect(b.map((m) => m.patient.id)).toEqual([bobOf(hospitals.b)])
    expect((await find(hospitals.b.doctor, { mrn: ASSUNTA.source })).map((m) => m.patient.id)).toEqual([importedRecordId(hospitals.b.id, 'Patient', ASSUNTA.source)])
    // Naming the other hospital is refused; so is anyone who is not staff.
    expect(codes(await gql(FIND, { i: { organizationId: hospitals.b.id, mrn: ASSUNTA.source } }, hospitals.a.doctor))).toEqual(['FORBIDDEN'])
    const stranger: Credential = { bearer: (await login(gql, Wallet.createRandom())).bearer }
    expect(codes(await gql(FIND, { i: { organizationId: hospitals.a.id, mrn: BOB.source } }, stranger))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(FIND, { i: { mrn: BOB.source } }))).toEqual(['UNAUTHENTICATED'])
    expect(codes(await gql(FIND, { i: { family: BOB.family } }, hospitals.a.doctor))).toEqual(['BAD_USER_INPUT'])
  })

  it('audits every look-up: the patient\'s access log shows it; the ledger keeps no searched value', async () => {
    const before = services.ledger.size()
    await find(hospitals.a.doctor, { mrn: 'no-such-mrn' })
    const entries = [...services.ledger.entries(before)].map((e) => e.entry)
    expect(entries).toEqual([expect.objectContaining({ type: 'PatientLookup', organizationId: hospitals.a.id, method: 'MRN', matches: 0 })])
    expect(JSON.stringify(entries)).not.toContain('no-such-mrn')
    // Bob (hospital A's copy) claims his identity and reads his access log.
    const code = await ok<{ issuePatientClaimCode: string }>(gql, 'mutation ($id: ID!) { issuePatientClaimCode(patientId: $id) }', { id: bobOf(hospitals.a) }, hospitals.a.admin)
    const wallet = Wallet.createRandom()
    await ok(gql, 'mutation ($c: String!) { claimPatient(code: $c) { id } }', { c: code.issuePatientClaimCode }, { bearer: (await login(gql, wallet)).bearer })
    const bob: Credential = { bearer: (await login(gql, wallet)).bearer }
    const log = (await ok<{ patient: { accessLog: Array<{ actor: string, purpose: string, decision: string }> } }>(gql, 'query ($p: ID!) { patient(id: $p) { accessLog(first: 50) { actor purpose decision } } }', { p: bobOf(hospitals.a) }, bob)).patient.accessLog
    const lookups = log.filter((e) => e.purpose === 'LOOKUP')
    expect(lookups.length).toBeGreaterThanOrEqual(5)
    expect(new Set(lookups.map((e) => e.actor))).toContain(`account:${hospitals.a.doctorAccount}`)
    expect(lookups.every((e) => e.decision === 'PERMIT')).toBe(true)

    // The emergency ID: Bob sees and prints his; a doctor scanning it finds him; a misread is refused.
    const me = await ok<{ me: { patient: { id: string, emergencyId: { personId: string, qrPayload: string } } } }>(gql, '{ me { patient { id emergencyId { personId qrPayload } } } }', {}, bob)
    const { qrPayload, personId } = me.me.patient.emergencyId
    expect(personId).toBe(bobOf(hospitals.a))
    expect(qrPayload).toMatch(new RegExp(`^MEDLEDGER-EID:1:${personId}:[0-9a-f]{6}$`))
    const scanned = await ok<{ patientByEmergencyId: { id: string, emergencyId: unknown } }>(gql, 'query ($q: String!) { patientByEmergencyId(payload: $q) { id emergencyId { qrPayload } } }', { q: qrPayload }, hospitals.b.doctor)
    expect(scanned.patientByEmergencyId).toEqual({ id: personId, emergencyId: null })
    const misread = qrPayload.slice(0, -1) + (qrPayload.endsWith('0') ? '1' : '0')
    expect(codes(await gql('query ($q: String!) { patientByEmergencyId(payload: $q) { id } }', { q: misread }, hospitals.b.doctor))).toEqual(['BAD_USER_INPUT'])
  }, 60_000)
})
