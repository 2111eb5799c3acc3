// Stand-in for `medledger subgraph <name> --port N --data DIR` while src/subgraphs/<name> does not exist
// yet: the same server and services, with the stand-in module from fakes.ts.
// Usage: node test/gateway/fake-subgraph-process.ts <name> <port> <dataDir>
import type { SubgraphName } from '../../src/gateway/compose.ts'
import { startSubgraphServer } from '../../src/gateway/subgraph-server.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { FAKE_SUBGRAPHS } from './fakes.ts'

const [name, port, dataDir] = process.argv.slice(2) as [SubgraphName, string, string]
const services = await openServices({ dataDir, ownsData: name === 'records' })
const running = await startSubgraphServer({ module: FAKE_SUBGRAPHS[name], services, port: Number(port) })
process.stdout.write(`subgraph ${name} listening on ${running.url}\n`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.stop().then(() => services.close())
  })
}
