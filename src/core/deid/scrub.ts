/**
 * Free-text scrubbing for the few strings a de-identified copy keeps (coding displays): Safe Harbor
 * identifiers (45 CFR 164.514(b)(2)(i)) that can appear in text — e-mail addresses (F), URLs (N), IP addresses
 * (O), telephone and fax numbers (D, E), social security numbers (G), record, plan, account, licence, vehicle
 * and device numbers (H–M: any run of five or more digits, or a token of eight or more letters and digits with three digits), full dates
 * (C: reduced to the year) — plus every string known to identify the person (names, address parts,
 * identifiers), removed wherever it occurs.
 */

/** What replaces a removed identifier. */
export const REDACTED = '[redacted]'

const PATTERNS: readonly RegExp[] = [
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, // e-mail
  /\b(?:https?|ftp):\/\/\S+|\bwww\.\S+/gi, // URL
  /\b(?:\d{1,3}\.){3}\d{1,3}\b/g, // IPv4
  /\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}\b/gi, // IPv6
  /\b\d{3}-\d{2}-\d{4}\b/g, // SSN
  /(?:\+?\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b/g, // phone, fax
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, // UUID (FHIR ids)
  /\b(?=(?:[A-Za-z]*\d){3})(?=[0-9]*[A-Za-z])[A-Za-z0-9]{8,}\b/g, // letters with 3+ digits: MRN, licence, VIN, serial
  /\d{5,}/g // long digit runs: record, account, plan numbers, ZIP codes
]

/** Full dates (`2019-03-04`, `03/04/2019`) keep only their year. */
const ISO_DATE = /\b(\d{4})-\d{2}-\d{2}(?:T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b/g
const US_DATE = /\b\d{1,2}\/\d{1,2}\/(\d{4})\b/g

/**
 * `text` with every pattern above and every `known` string (case-insensitive; strings of one character are
 * ignored) replaced by {@link REDACTED}, and full dates reduced to their year.
 */
export function scrubText (text: string, known: readonly string[] = []): string {
  let out = text
  // Longest first, so a full name goes before one of its parts.
  for (const k of [...known].filter((s) => s.trim().length > 1).sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(escape(k.trim()), 'gi'), REDACTED)
  }
  out = out.replace(ISO_DATE, '$1').replace(US_DATE, '$1')
  for (const p of PATTERNS) out = out.replace(p, REDACTED)
  return out
}

function escape (s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
