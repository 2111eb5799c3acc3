import type { Services } from '../context.ts'
import type { DataDir } from '../../spine/data-dir.ts'
import { requireDataDir } from '../data-dir.ts'

/**
 * The data folder's spine and ports: the records subgraph runs only where the data folder is open.
 * @throws Error (masked as an internal error) when this process does not own the data folder
 */
export function dataOf (services: Services): DataDir {
  return requireDataDir(services, 'the records subgraph')
}
