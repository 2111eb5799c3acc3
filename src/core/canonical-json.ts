import { makeError } from './errors.ts'

/**
 * Canonical JSON (the subset of RFC 8785 our values need): object keys sorted by UTF-16 code units,
 * no whitespace, `undefined` members dropped. Ledger leaves and record bodies are hashed in this form,
 * so the same value always yields the same bytes.
 * @throws MedledgerError BAD_INPUT for values JSON cannot carry (non-finite numbers, bigint, functions, cycles)
 */
export function canonicalJson (value: unknown): string {
  return write(value, new Set())
}

const encoder = new TextEncoder()

/** UTF-8 bytes of {@link canonicalJson}. */
export function canonicalBytes (value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value))
}

function write (value: unknown, seen: Set<object>): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string': return JSON.stringify(value)
    case 'boolean': return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw makeError('canonical JSON cannot carry a non-finite number', 'BAD_INPUT')
      return JSON.stringify(value)
    case 'object': break
    default: throw makeError(`canonical JSON cannot carry a ${typeof value}`, 'BAD_INPUT')
  }
  const obj = value
  if (seen.has(obj)) throw makeError('canonical JSON cannot carry a cycle', 'BAD_INPUT')
  seen.add(obj)
  let out: string
  if (Array.isArray(obj)) {
    out = '[' + obj.map((v) => v === undefined ? 'null' : write(v, seen)).join(',') + ']'
  } else {
    const rec = obj as Record<string, unknown>
    const keys = Object.keys(rec).filter((k) => rec[k] !== undefined).sort()
    out = '{' + keys.map((k) => JSON.stringify(k) + ':' + write(rec[k], seen)).join(',') + '}'
  }
  seen.delete(obj)
  return out
}
