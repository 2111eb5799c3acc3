// Every type and field a client sees has a description: the public (API) schema the gateway serves
// is composed from schema/*.graphql, and each of its named types and each field of its object, interface and
// input types must say what it is, so the next field gets one too. Arguments and enum values are not checked
// (many are self-explaining: `first`, `after`, PERMIT/DENY); add them here when that changes.
import { composeServices } from '@apollo/composition'
import { buildASTSchema, isInputObjectType, isInterfaceType, isObjectType, parse } from 'graphql'
import type { GraphQLSchema } from 'graphql'
import { describe, expect, it } from 'vitest'
import { SUBGRAPH_NAMES, subgraphSdl } from '../../src/gateway/compose.ts'

const BUILT_IN = new Set(['String', 'Int', 'Float', 'Boolean', 'ID'])

/** The schema clients see: the composed supergraph without federation's own types and directives. */
function apiSchema (): GraphQLSchema {
  const result = composeServices(SUBGRAPH_NAMES.map((name) => ({ name, url: `http://${name}.subgraph.invalid/graphql`, typeDefs: parse(subgraphSdl(name)) })))
  if (result.errors !== undefined) throw new Error(result.errors.map((e) => e.message).join('\n'))
  return result.schema.toAPISchema().toGraphQLJSSchema()
}

/** `type X` and `X.field` for every named type and field without a (non-blank) description. */
export function undescribed (schema: GraphQLSchema): string[] {
  const out: string[] = []
  const blank = (d: string | null | undefined): boolean => d === null || d === undefined || d.trim() === ''
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || BUILT_IN.has(type.name)) continue
    if (blank(type.description)) out.push(`type ${type.name}`)
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      const fields: Record<string, { name: string, description?: string | null }> = type.getFields()
      for (const field of Object.values(fields)) if (blank(field.description)) out.push(`${type.name}.${field.name}`)
    }
  }
  return out.sort()
}

describe('the public schema', () => {
  const schema = apiSchema()

  it('describes every type and every field (add a description string to what this lists)', () => {
    expect(undescribed(schema)).toEqual([])
  })

  it('is what is checked: a type and a field without a description are found', () => {
    const bare = parse('type Query { a: Int }\n"A thing." type Thing { "Described." b: Int c: Int }')
    expect(undescribed(buildASTSchema(bare))).toEqual(['Query.a', 'Thing.c', 'type Query'])
    // the public schema is the real one: it has the gateway's root fields and no federation internals
    expect(schema.getQueryType()?.getFields().patient).toBeDefined()
    expect(Object.keys(schema.getTypeMap()).some((n) => n.startsWith('join__') || n.startsWith('link__'))).toBe(false)
  })
})
