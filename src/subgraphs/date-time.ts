import { GraphQLScalarType } from 'graphql'

/**
 * The `DateTime` scalar of every subgraph: ISO 8601 in UTC with milliseconds (`2026-01-02T03:04:05.678Z`) on
 * the wire. Resolvers return what the stores keep — epoch milliseconds — and this turns them into that text;
 * a Date is written the same way, and a string (already ISO 8601) passes as it is. Inputs are read as before
 * (the scalar's defaults: the value as given), and each resolver checks its own.
 * @throws RangeError (a field error) for a number that is no valid time
 */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => {
    if (typeof value === 'number') return new Date(value).toISOString()
    if (value instanceof Date) return value.toISOString()
    return value
  }
})
