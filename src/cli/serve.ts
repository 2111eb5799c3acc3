import { existsSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { SUBGRAPH_NAMES } from '../gateway/compose.ts'
import { readGatewayConfig } from '../gateway/config.ts'
import { createGateway } from '../gateway/gateway.ts'
import type { Services } from '../subgraphs/context.ts'
import { openServices } from '../subgraphs/services.ts'
import { anchorConfigFromEnv } from '../adapters/ledger-evm/config.ts'
import { dataDirOf, portOf, untilSignal } from './common.ts'
import type { CommonOptions } from './common.ts'

export interface ServeOptions extends CommonOptions {
  port?: string
  host?: string
  /** Gateway config file: `{ "subgraphs": { "<name>": "<url>" } }`. */
  config?: string
  /** The cluster's PostgreSQL URL (`--postgres`); default MEDLEDGER_POSTGRES_URL, none when both are unset. */
  postgres?: string
  /**
   * Runs on every start, told whether the data folder did not exist (or was empty) before it — the hook for
   * demo data. The returned text (demo users, how to get their tokens) is printed after the URL.
   */
  onStart?: (services: Services, firstStart: boolean) => Promise<string>
}

/**
 * `medledger serve`: the gateway on http://127.0.0.1:4000/graphql (`--port`, `--host`), subgraphs in this
 * process unless `--config` gives their URLs, until SIGINT or SIGTERM (then the server drains and the
 * services close). The data folder is opened here unless the records subgraph is remote.
 * @throws MedledgerError BAD_INPUT for a bad --port, config file or --postgres URL
 */
export async function serveCommand (options: ServeOptions): Promise<number> {
  const port = portOf(options.port, 4000)
  const subgraphUrls = options.config === undefined ? {} : readGatewayConfig(options.config).subgraphs
  const dataDir = dataDirOf(options)
  const firstStart = !existsSync(dataDir) || readdirSync(dataDir).length === 0
  const services = await openServices({ dataDir, ownsData: subgraphUrls.records === undefined, anchor: anchorConfigFromEnv(process.env), ...(options.postgres === undefined ? {} : { postgresUrl: options.postgres }) })
  try {
    const running = await createGateway({ services, subgraphUrls, port, host: options.host })
    try {
      const where = SUBGRAPH_NAMES.map((name) => `${name}${subgraphUrls[name] === undefined ? '' : ` → ${subgraphUrls[name]}`}`)
      process.stdout.write(`medledger gateway on ${running.url} (data ${resolve(dataDir)}; subgraphs: ${where.join(', ')})\n`)
      const text = await options.onStart?.(services, firstStart)
      if (text !== undefined && text.length > 0) process.stdout.write(text + '\n')
      const signal = await untilSignal()
      process.stdout.write(`${signal}: stopping\n`)
      return 0
    } finally {
      await running.stop()
    }
  } finally {
    await services.close()
  }
}
