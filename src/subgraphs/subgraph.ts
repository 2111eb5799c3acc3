import { buildSubgraphSchema } from '@apollo/subgraph'
import { Kind, parse } from 'graphql'
import type { GraphQLSchema } from 'graphql'
import { subgraphSdl } from '../shared/subgraphs.ts'
import type { SubgraphName } from '../shared/subgraphs.ts'
import { DateTimeScalar } from './date-time.ts'

/**
 * One federated subgraph: its SDL is `schema/<name>.graphql`; its resolvers are typed by the generated
 * `resolvers-types.generated.ts` of its folder. `resolvers` is loosely typed here so that the registry can
 * hold every subgraph; each folder checks its own map against its generated `Resolvers` type.
 */
export interface SubgraphModule {
  name: SubgraphName
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolvers: Record<string, any>
}

/**
 * The executable schema of one subgraph: its SDL from `schema/<name>.graphql` with the module's resolvers,
 * the DateTime scalar, and the federation additions (`_service`, `_entities`). The gateway (in-process and
 * subgraph servers) and the subgraph test kits all build it here.
 * @throws Error when the resolvers name types or fields the SDL does not have
 */
export function subgraphSchema (module: SubgraphModule): GraphQLSchema {
  const typeDefs = parse(subgraphSdl(module.name))
  const declaresDateTime = typeDefs.definitions.some((d) => d.kind === Kind.SCALAR_TYPE_DEFINITION && d.name.value === 'DateTime')
  return buildSubgraphSchema({ typeDefs, resolvers: declaresDateTime ? { DateTime: DateTimeScalar, ...module.resolvers } : module.resolvers })
}
