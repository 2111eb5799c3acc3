import { SUBGRAPH_NAMES } from '../gateway/compose.ts'
import type { SubgraphName } from '../gateway/compose.ts'
import { startSubgraphServer } from '../gateway/subgraph-server.ts'
import { loadSubgraph } from '../subgraphs/registry.ts'
import { openServices } from '../subgraphs/services.ts'
import { dataDirOf, portOf, untilSignal } from './common.ts'
import type { CommonOptions } from './common.ts'

/**
 * `medledger subgraph <name> --port N`: serves one subgraph on http://127.0.0.1:N/graphql until SIGINT or
 * SIGTERM. Only the records subgraph opens the data folder's spine; the others read the ledger and their
 * own stores. Requests must carry the gateway's signed header (same data folder keys, or
 * MEDLEDGER_INTERNAL_SECRET on both sides).
 * @throws MedledgerError BAD_INPUT for a missing or bad --port
 */
export async function subgraphCommand (name: string | undefined, options: CommonOptions & { port?: string }): Promise<number> {
  if (name === undefined || !(SUBGRAPH_NAMES as readonly string[]).includes(name)) {
    process.stderr.write(`medledger subgraph: expected one of ${SUBGRAPH_NAMES.join(', ')}\n`)
    return 2
  }
  const subgraph = name as SubgraphName
  const port = portOf(options.port)
  const module = await loadSubgraph(subgraph)
  const services = await openServices({ dataDir: dataDirOf(options), ownsData: subgraph === 'records' })
  try {
    const running = await startSubgraphServer({ module, services, port, host: '127.0.0.1' })
    process.stdout.write(`subgraph ${subgraph} listening on ${running.url}\n`)
    await untilSignal()
    await running.stop()
    return 0
  } finally {
    await services.close()
  }
}
