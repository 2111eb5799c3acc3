import DataLoader from 'dataloader'
import type { SubgraphContext } from './context.ts'

/**
 * The per-request DataLoader named `name`, created on first use. Every batch is counted in
 * `services.metrics` under `name`, so the number of backend calls is observable.
 */
export function loader<K, V> (ctx: SubgraphContext, name: string, batch: (keys: readonly K[]) => Promise<Array<V | Error>>): DataLoader<K, V> {
  let found = ctx.loaders.get(name) as DataLoader<K, V> | undefined
  if (found === undefined) {
    found = new DataLoader<K, V>(async (keys) => {
      ctx.services.metrics.count(name)
      return batch(keys)
    })
    ctx.loaders.set(name, found)
  }
  return found
}
