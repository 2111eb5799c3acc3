/**
 * One way to turn a node:sqlite row into a typed object: a spec names, per field, how its column reads.
 * The column is the field's name in snake_case unless the spec gives it (`['from_handle', 'raw']`).
 * Fields come out in the spec's order, so a mapper builds the same object a hand-written one did.
 */

/** A row as node:sqlite returns it. */
export type SqlRow = Record<string, unknown>

/**
 * How one column reads:
 * - `raw`: the value as node:sqlite gives it (TEXT → string, INTEGER → number, NULL → null);
 * - `number` / `string`: through `Number()` / `String()`;
 * - `json`: `JSON.parse` of a TEXT column;
 * - `flag`: `true` when the INTEGER is 1;
 * - `number|null`, `json|null`: null stays null, anything else as `number` / `json`;
 * - `raw?`, `number?`: the field is left out when the column is NULL.
 */
export type ColumnKind = 'raw' | 'number' | 'string' | 'json' | 'flag' | 'number|null' | 'json|null' | 'raw?' | 'number?'

/** Per field of `T`: its kind, or its column and kind. */
export type RowSpec<T> = { [K in keyof T]-?: ColumnKind | readonly [column: string, kind: ColumnKind] }

const snake = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

function read (value: unknown, kind: ColumnKind): unknown {
  switch (kind) {
    case 'raw': case 'raw?': return value
    case 'number': case 'number?': return Number(value)
    case 'string': return String(value)
    case 'json': return JSON.parse(value as string)
    case 'flag': return value === 1
    case 'number|null': return value === null ? null : Number(value)
    case 'json|null': return value === null ? null : JSON.parse(value as string)
  }
}

/**
 * A mapper from rows to `T` following `spec`. The spec decides the conversions, not the types: a field
 * declared `raw` is trusted to hold what `T` says (as a hand-written `r.x as string` was).
 * @throws SyntaxError from JSON.parse when a `json` column holds malformed JSON
 */
export function rowMapper<T> (spec: RowSpec<T>): (row: SqlRow) => T {
  const fields = Object.entries(spec as Record<string, ColumnKind | readonly [string, ColumnKind]>).map(([field, s]) => {
    const [column, kind] = typeof s === 'string' ? [snake(field), s] : s
    return { field, column, kind, optional: kind.endsWith('?') }
  })
  return (row) => {
    const out: Record<string, unknown> = {}
    for (const { field, column, kind, optional } of fields) {
      const value = row[column]
      if (optional && (value === null || value === undefined)) continue
      out[field] = read(value, kind)
    }
    return out as T
  }
}
