import type { DataDir } from '../spine/data-dir.ts'
import type { Services } from './context.ts'

/**
 * The data folder's spine and ports, for work that reads record bodies or appends to the ledger. Only the
 * process that owns the data folder has them: embedded mode (`npm start`), or the records subgraph's
 * process, where the subgraphs that write (consent, emergency, research) must then run too.
 * @param work what needs the folder, for the message: "token moves", "reviews", …
 * @throws Error (masked as an internal error) naming `work` when this process does not own the data folder
 */
export function requireDataDir (services: Pick<Services, 'data'>, work: string): DataDir {
  if (services.data === undefined) throw new Error(`${work}: the data folder is not open in this process (run this subgraph in the records process)`)
  return services.data
}
