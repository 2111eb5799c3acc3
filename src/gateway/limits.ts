import { ApolloArmor } from '@escape.tech/graphql-armor'
import type { ApolloServerPlugin } from '@apollo/server'
import type { GraphQLFormattedError, ParseOptions, ValidationRule } from 'graphql'

/**
 * What one gateway request may ask for. Depth 12 fits the deepest real query (patient → records → anchor
 * → proof, with connections); a malicious nesting of 20 is refused. Introspection is exempt from depth
 * and cost (it is switched off in production instead).
 */
export const LIMITS = {
  maxDepth: 12,
  maxAliases: 30,
  /** graphql-armor cost: 2 per object, 1 per scalar, ×1.5 per level of depth. */
  maxCost: 5000,
  maxDirectives: 50,
  /** Lexer tokens per document, enforced by graphql-js while parsing (once per distinct document). */
  maxTokens: 2000
} as const

/**
 * Apollo Server options enforcing the limits: graphql-armor validation rules for depth, aliases, cost and
 * directives (refusals carry `BAD_USER_INPUT` and HTTP 400), the token limit through graphql-js's own
 * parser (armor's token plugin would parse every new document twice), and, in production, armor's mask
 * for "Did you mean …" field suggestions.
 */
export function limitOptions (production: boolean): { validationRules: ValidationRule[], plugins: ApolloServerPlugin[], parseOptions: ParseOptions } {
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth },
    maxAliases: { n: LIMITS.maxAliases },
    costLimit: { maxCost: LIMITS.maxCost },
    maxDirectives: { n: LIMITS.maxDirectives },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: production }
  }).protect()
  // graphql-armor is typed against the CommonJS build of @apollo/server; the plugin objects are the same shape.
  return { validationRules: armor.validationRules, plugins: armor.plugins as unknown as ApolloServerPlugin[], parseOptions: { maxTokens: LIMITS.maxTokens } }
}

/** graphql-js's hints ("Did you mean …?", "… the enum value …", "… to use an inline fragment on …?"), one sentence each. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g

/**
 * `format` that, in production, also strips every suggestion graphql-js adds to a validation or coercion error —
 * for fields, arguments, types and enum values, in literals and in variables alike — so a client cannot map the
 * schema through error messages while introspection is off. armor's `blockFieldSuggestion` masks only some.
 */
export function withoutSuggestions<F extends (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError> (format: F): F {
  return ((formatted: GraphQLFormattedError, error: unknown) => {
    const out = format(formatted, error)
    return out.message.includes('Did you mean') ? { ...out, message: out.message.replace(SUGGESTION, '').trim() } : out
  }) as F
}
