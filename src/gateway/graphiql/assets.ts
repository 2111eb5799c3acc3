/**
 * GraphiQL served offline: the page and every asset come from this server, never from a CDN. The script is
 * `entry.js` bundled with esbuild from node_modules (graphiql 4, React 19) the first time a browser asks for
 * it (~1 s, then cached for the process's life); the stylesheet is graphiql's own `style.css` (fonts inlined).
 * graphiql's prebuilt UMD file cannot be used: it embeds React 18's JSX runtime, and React 19 (which
 * helia's dependencies pin) ships no browser build of its own.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

/** Where the page's assets are served. */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql/'

/** The page's CSP: scripts and styles from this server only, calls only to this server. */
export const GRAPHIQL_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src data:; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** One asset: its text and content type. */
export interface GraphiqlAsset {
  body: string
  contentType: string
}

/** The page, and its assets by name (under {@link GRAPHIQL_ASSET_PREFIX}). */
export interface GraphiqlBundle {
  html: string
  /** The asset, or undefined for a name the page does not use. @throws Error when bundling fails */
  asset(name: string): Promise<GraphiqlAsset | undefined>
}

const require = createRequire(import.meta.url)
const HERE = import.meta.dirname
const JS = 'text/javascript; charset=utf-8'
const CSS = 'text/css; charset=utf-8'

/** The page's script: entry.js with graphiql, React and graphql bundled in, minified, one IIFE. */
async function bundleScript (): Promise<string> {
  const { build } = await import('esbuild')
  const result = await build({
    entryPoints: [join(HERE, 'entry.js')],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    // The stylesheet is served on its own; a CSS import in a dependency adds nothing to the script.
    loader: { '.css': 'empty' }
  })
  return result.outputFiles[0]!.text
}

/**
 * The page and a lazy asset table; nothing is read or bundled until first asked for.
 * @throws Error when the page file is missing
 */
export function loadGraphiql (): GraphiqlBundle {
  const cache = new Map<string, Promise<GraphiqlAsset>>()
  const makers: Record<string, () => Promise<GraphiqlAsset>> = {
    'graphiql.js': async () => ({ body: await bundleScript(), contentType: JS }),
    'graphiql.css': async () => ({ body: readFileSync(require.resolve('graphiql/style.css'), 'utf8'), contentType: CSS }),
    'page.css': async () => ({ body: readFileSync(join(HERE, 'page.css'), 'utf8'), contentType: CSS })
  }
  return {
    html: readFileSync(join(HERE, 'index.html'), 'utf8'),
    async asset (name) {
      const make = Object.hasOwn(makers, name) ? makers[name] : undefined
      if (make === undefined) return undefined
      let pending = cache.get(name)
      if (pending === undefined) {
        pending = make()
        // A failed build is not cached: the next request tries again.
        pending.catch(() => cache.delete(name))
        cache.set(name, pending)
      }
      return pending
    }
  }
}
