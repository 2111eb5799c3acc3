import type { SubgraphName } from '../shared/subgraphs.ts'

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
