// postinstall: Hardhat's native engine (@nomicfoundation/edr-<platform>) declares engines node >= 22. npm runs on
// the system's Node (20 here), so it skips that optional dependency as unsupported, and the Hardhat node the
// EVM tests start cannot load. This script runs under the project's Node 24 (first on the PATH of npm scripts)
// and installs the exact platform package the lockfile names, without touching package.json or the lockfile.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const manifest = new URL('../node_modules/@nomicfoundation/edr/package.json', import.meta.url)
if (!existsSync(manifest)) process.exit(0) // dev dependencies omitted: nothing to do
const edrPackage = JSON.parse(readFileSync(manifest, 'utf8'))
try {
  require('@nomicfoundation/edr')
  process.exit(0) // the native binding loads
} catch { /* install it below */ }

const libc = process.platform === 'linux' ? (process.report.getReport().header.glibcVersionRuntime ? '-gnu' : '-musl') : ''
const name = `@nomicfoundation/edr-${process.platform}-${process.arch}${libc}`
const version = edrPackage.optionalDependencies?.[name]
if (version === undefined) {
  console.warn(`install-edr: no ${name} for this platform; the EVM tests cannot start a Hardhat node`)
  process.exit(0)
}
console.log(`install-edr: installing ${name}@${version} under Node ${process.version} (npm skipped it on the system Node)`)
execFileSync(process.execPath, [process.env.npm_execpath, 'install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `${name}@${version}`], { stdio: 'inherit' })
