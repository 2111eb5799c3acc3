import type { Services } from '../context.ts'
import type { DataDir } from '../../spine/data-dir.ts'

/**
 * The data folder's spine and ports: the records subgraph runs only where the data folder is open.
 * @throws Error (masked as an internal error) when this process does not own the data folder
 */
export function dataOf (services: Services): DataDir {
  if (services.data === undefined) throw new Error('the records subgraph needs the data folder (open services with ownsData)')
  return services.data
}
