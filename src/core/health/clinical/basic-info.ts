/**
 * A patient's basic information — identifier, name, sex, birth date, ethnicity, native place, address —
 * kept as a FHIR R4 Patient resource (https://hl7.org/fhir/R4/patient.html) in the record spine, so it is
 * encrypted to the patient's key like any record and versioned. Ethnicity is the US Core ethnicity extension
 * (its `text`, and `ombCategory` when coded); native place the `patient-birthPlace` extension. Pure.
 */
import { makeError } from '../../errors.ts'
import type { FhirResource } from '../../fhir/metadata.ts'
import { list, obj, str } from './values.ts'
import type { Code } from './values.ts'

export const ETHNICITY_URL = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity'
export const BIRTH_PLACE_URL = 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace'

/** The fields of basic information, as the GraphQL `BasicInfoField` enum names them. */
export const BASIC_INFO_FIELDS = ['IDENTIFIERS', 'NAME', 'SEX', 'BIRTH_DATE', 'ETHNICITY', 'NATIVE_PLACE', 'ADDRESS'] as const
export type BasicInfoField = typeof BASIC_INFO_FIELDS[number]

/**
 * Which fields a reader other than the patient sees, by purpose of use, once a consent grant permits the
 * read of the Patient record at all (minimum necessary, HIPAA 45 CFR 164.502(b)). The patient sees every
 * field; a purpose not listed sees none. Native place is the patient's alone; the address only for payment.
 */
export const BASIC_INFO_POLICY: Readonly<Record<string, readonly BasicInfoField[]>> = {
  TREAT: ['IDENTIFIERS', 'NAME', 'SEX', 'BIRTH_DATE', 'ETHNICITY'],
  ETREAT: ['IDENTIFIERS', 'NAME', 'SEX', 'BIRTH_DATE'],
  HPAYMT: ['IDENTIFIERS', 'NAME', 'BIRTH_DATE', 'ADDRESS'],
  HRESEARCH: ['SEX', 'ETHNICITY'],
  PUBHLTH: ['SEX', 'ETHNICITY']
}

/** The fields visible to the patient themself (`own`) or to another reader for `purpose`. */
export function visibleFields (own: boolean, purpose: string): readonly BasicInfoField[] {
  return own ? BASIC_INFO_FIELDS : (BASIC_INFO_POLICY[purpose] ?? [])
}

export interface PatientIdentifier {
  system?: string
  value: string
  /** The identifier type's text (e.g. "Social Security Number"). */
  type?: string
}

export interface PersonName {
  text?: string
  family?: string
  given: string[]
}

export interface PostalAddress {
  text?: string
  line: string[]
  city?: string
  district?: string
  state?: string
  postalCode?: string
  country?: string
}

export interface BasicInfo {
  identifiers: PatientIdentifier[]
  name?: PersonName
  /** FHIR administrative gender: male | female | other | unknown. */
  sex?: string
  birthDate?: string
  ethnicity?: Code
  nativePlace?: PostalAddress
  address?: PostalAddress
}

/** Reads basic information out of a Patient resource (first official name, first home address). */
export function basicInfoOf (patient: FhirResource): BasicInfo {
  const names = list(patient.name).map(obj).filter((n) => n !== undefined)
  const name = names.find((n) => n.use === 'official') ?? names[0]
  const addresses = list(patient.address).map(obj).filter((a) => a !== undefined)
  const out: BasicInfo = {
    identifiers: list(patient.identifier).flatMap((i) => {
      const x = obj(i)
      const value = str(x?.value)
      if (x === undefined || value === undefined) return []
      const id: PatientIdentifier = { value }
      if (str(x.system) !== undefined) id.system = x.system as string
      const type = str(obj(x.type)?.text) ?? str(obj(list(obj(x.type)?.coding)[0])?.display)
      if (type !== undefined) id.type = type
      return [id]
    })
  }
  if (name !== undefined) out.name = nameOf(name)
  if (str(patient.gender) !== undefined) out.sex = patient.gender as string
  if (str(patient.birthDate) !== undefined) out.birthDate = patient.birthDate as string
  const address = addresses.find((a) => a.use === 'home') ?? addresses[0]
  if (address !== undefined) out.address = addressOf(address)
  for (const e of list(patient.extension)) {
    const ext = obj(e)
    if (ext?.url === ETHNICITY_URL) {
      const parts = list(ext.extension).map(obj)
      const text = str(parts.find((p) => p?.url === 'text')?.valueString)
      const coding = obj(parts.find((p) => p?.url === 'ombCategory' || p?.url === 'detailed')?.valueCoding)
      const code: Code = {}
      if (str(coding?.system) !== undefined) code.system = coding!.system as string
      if (str(coding?.code) !== undefined) code.code = coding!.code as string
      const display = text ?? str(coding?.display)
      if (display !== undefined) code.display = display
      if (code.code !== undefined || code.display !== undefined) out.ethnicity = code
    }
    if (ext?.url === BIRTH_PLACE_URL && obj(ext.valueAddress) !== undefined) out.nativePlace = addressOf(obj(ext.valueAddress)!)
  }
  return out
}

function nameOf (n: Record<string, unknown>): PersonName {
  const out: PersonName = { given: list(n.given).filter((g): g is string => typeof g === 'string') }
  if (str(n.family) !== undefined) out.family = n.family as string
  const text = str(n.text) ?? ([...out.given, out.family ?? ''].join(' ').trim() || undefined)
  if (text !== undefined) out.text = text
  return out
}

function addressOf (a: Record<string, unknown>): PostalAddress {
  const out: PostalAddress = { line: list(a.line).filter((l): l is string => typeof l === 'string') }
  for (const k of ['text', 'city', 'district', 'state', 'postalCode', 'country'] as const) {
    if (str(a[k]) !== undefined) out[k] = a[k] as string
  }
  return out
}

/** What the patient sets: a field left out keeps its value, a field set to null is removed. */
export interface BasicInfoInput {
  identifiers?: PatientIdentifier[] | null
  name?: { text?: string | null, family?: string | null, given?: string[] | null } | null
  sex?: string | null
  birthDate?: string | null
  ethnicity?: string | null
  nativePlace?: Partial<PostalAddress> | null
  address?: Partial<PostalAddress> | null
}

const GENDERS = new Set(['male', 'female', 'other', 'unknown'])
const MAX_TEXT = 200
/** The most entries of a list field (identifiers, given names, address lines): every field is bounded. */
const MAX_ITEMS = 10

/**
 * The next Patient resource: `previous` (kept whole: telecom, other extensions…) with the input's fields
 * applied. `today` (YYYY-MM-DD) bounds the birth date.
 * @throws MedledgerError BAD_INPUT for an unknown sex, a malformed or future birth date, an empty identifier
 *   value, a text over 200 characters, or a list of more than 10 entries (the message names the field, never the value)
 */
export function applyBasicInfo (previous: FhirResource | undefined, input: BasicInfoInput, patientId: string, today: string): FhirResource {
  const r: FhirResource = { ...(previous ?? {}), resourceType: 'Patient', id: patientId }
  const extensions = list(r.extension).filter((e) => obj(e)?.url !== ETHNICITY_URL && obj(e)?.url !== BIRTH_PLACE_URL)
  const current = previous === undefined ? undefined : basicInfoOf(previous)
  if (input.identifiers !== undefined) {
    if (input.identifiers === null) delete r.identifier
    else r.identifier = items('identifiers', input.identifiers).map((i) => {
      const value = text('identifiers.value', i.value)
      if (value === undefined) throw makeError('identifiers.value must not be empty', 'BAD_INPUT')
      const id: Record<string, unknown> = { value }
      const system = text('identifiers.system', i.system)
      if (system !== undefined) id.system = system
      const type = text('identifiers.type', i.type)
      if (type !== undefined) id.type = { text: type }
      return id
    })
  }
  if (input.name !== undefined) {
    if (input.name === null) delete r.name
    else {
      const n: Record<string, unknown> = { use: 'official' }
      const family = text('name.family', input.name.family)
      const given = items('name.given', input.name.given ?? []).map((g) => text('name.given', g)).filter((g) => g !== undefined)
      const full = text('name.text', input.name.text)
      if (family !== undefined) n.family = family
      if (given.length > 0) n.given = given
      if (full !== undefined) n.text = full
      r.name = [n]
    }
  }
  if (input.sex !== undefined) {
    if (input.sex === null) delete r.gender
    else {
      if (!GENDERS.has(input.sex)) throw makeError('sex must be male, female, other or unknown', 'BAD_INPUT')
      r.gender = input.sex
    }
  }
  if (input.birthDate !== undefined) {
    if (input.birthDate === null) delete r.birthDate
    else {
      if (!/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/.test(input.birthDate) || Number.isNaN(Date.parse(input.birthDate))) {
        throw makeError('birthDate must be YYYY, YYYY-MM or YYYY-MM-DD', 'BAD_INPUT')
      }
      if (input.birthDate > today) throw makeError('birthDate must not be in the future', 'BAD_INPUT')
      r.birthDate = input.birthDate
    }
  }
  if (input.address !== undefined) {
    if (input.address === null) delete r.address
    else r.address = [{ use: 'home', ...address('address', input.address) }]
  }
  const ethnicity = input.ethnicity === undefined ? current?.ethnicity?.display : text('ethnicity', input.ethnicity)
  const keepCoded = input.ethnicity === undefined ? list(previous?.extension).find((e) => obj(e)?.url === ETHNICITY_URL) : undefined
  if (keepCoded !== undefined) extensions.push(keepCoded)
  else if (ethnicity !== undefined) extensions.push({ url: ETHNICITY_URL, extension: [{ url: 'text', valueString: ethnicity }] })
  const birthPlace = input.nativePlace === undefined ? list(previous?.extension).find((e) => obj(e)?.url === BIRTH_PLACE_URL) : input.nativePlace === null ? undefined : { url: BIRTH_PLACE_URL, valueAddress: address('nativePlace', input.nativePlace) }
  if (birthPlace !== undefined) extensions.push(birthPlace)
  if (extensions.length > 0) r.extension = extensions
  else delete r.extension
  return r
}

function address (field: string, a: Partial<PostalAddress>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const line = items(`${field}.line`, a.line ?? []).map((l) => text(`${field}.line`, l)).filter((l) => l !== undefined)
  if (line.length > 0) out.line = line
  for (const k of ['text', 'city', 'district', 'state', 'postalCode', 'country'] as const) {
    const v = text(`${field}.${k}`, a[k])
    if (v !== undefined) out[k] = v
  }
  if (Object.keys(out).length === 0) throw makeError(`${field} must have at least one part`, 'BAD_INPUT')
  return out
}

function items<T> (field: string, xs: readonly T[]): readonly T[] {
  if (xs.length > MAX_ITEMS) throw makeError(`${field} has more than ${MAX_ITEMS} entries`, 'BAD_INPUT')
  return xs
}

function text (field: string, v: string | null | undefined): string | undefined {
  if (v === null || v === undefined) return undefined
  const t = v.trim()
  if (t.length > MAX_TEXT) throw makeError(`${field} is longer than ${MAX_TEXT} characters`, 'BAD_INPUT')
  return t.length === 0 ? undefined : t
}
