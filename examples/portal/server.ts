/**
 * `npm run portal [-- --gateway http://localhost:4000/graphql --port 5173 --signer 0x…]`: serves the reference
 * patient portal on its own origin (the gateway must allow it: in development any localhost port is).
 * src/main.ts is bundled with esbuild at start; the page may call only the gateway.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { build } from 'esbuild'

const HERE = import.meta.dirname

/** A running portal. */
export interface RunningPortal {
  url: string
  stop(): Promise<void>
}

/** Options of {@link startPortal}. */
export interface PortalOptions {
  /** The gateway's GraphQL URL. */
  gateway: string
  /** Default 5173; 0 picks a free one. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** The ledger signing address the portal trusts when it checks proofs (published by the operator). */
  ledgerSigner?: string
}

/** The page's script, bundled (noble and the generated documents included). @throws Error when bundling fails */
async function bundle (): Promise<string> {
  const out = await build({ entryPoints: [join(HERE, 'src/main.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', minify: true, write: false, logLevel: 'silent' })
  return out.outputFiles[0]!.text
}

/**
 * Serves the portal.
 * @throws TypeError for a gateway that is not an http(s) URL; Error when bundling fails or the port is taken
 */
export async function startPortal (options: PortalOptions): Promise<RunningPortal> {
  if (!URL.canParse(options.gateway) || !/^https?:$/.test(new URL(options.gateway).protocol)) throw new TypeError('gateway must be an http(s) URL')
  const gatewayOrigin = new URL(options.gateway).origin
  const files: Record<string, { body: string, type: string }> = {
    '/': { body: readFileSync(join(HERE, 'index.html'), 'utf8'), type: 'text/html; charset=utf-8' },
    '/portal.css': { body: readFileSync(join(HERE, 'portal.css'), 'utf8'), type: 'text/css; charset=utf-8' },
    '/portal.js': { body: await bundle(), type: 'text/javascript; charset=utf-8' },
    '/config.json': { body: JSON.stringify({ gateway: options.gateway, ...(options.ledgerSigner === undefined ? {} : { ledgerSigner: options.ledgerSigner }) }), type: 'application/json' }
  }
  const csp = `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' ${gatewayOrigin}; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://portal').pathname
    const file = files[path === '/index.html' ? '/' : path]
    if (file === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) { res.writeHead(404).end('not found'); return }
    res.writeHead(200, { 'content-type': file.type, 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' }).end(req.method === 'HEAD' ? undefined : file.body)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 5173, options.host ?? '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${options.host === undefined || options.host === '127.0.0.1' ? 'localhost' : options.host}:${port}/`,
    stop: async () => { await new Promise<void>((resolve) => server.close(() => resolve())) }
  }
}

async function main (): Promise<void> {
  const { values } = parseArgs({ options: { gateway: { type: 'string', default: 'http://localhost:4000/graphql' }, port: { type: 'string', default: '5173' }, signer: { type: 'string' } } })
  const portal = await startPortal({ gateway: values.gateway, port: Number(values.port), ...(values.signer === undefined ? {} : { ledgerSigner: values.signer }) })
  process.stdout.write(`patient portal on ${portal.url} (API ${values.gateway})\n`)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
