/**
 * Compiles anchors/HealthAnchor.sol with the npm `solc` package (standard JSON input) into the checked-in
 * artifact anchors/HealthAnchor.json. `npm run anchors:compile` writes it; the drift test
 * (test/evm/artifact.test.ts) recompiles and compares, so the artifact can never lag the source.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/** Pinned compiler settings: cancun (no newer opcodes, so any current EVM chain runs it), optimizer on. */
export const COMPILER_SETTINGS = {
  evmVersion: 'cancun',
  optimizer: { enabled: true, runs: 1_000_000 },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } }
} as const

/** The artifact shape of anchors/HealthAnchor.json. */
export interface HealthAnchorArtifact {
  contractName: 'HealthAnchor'
  sourceName: 'HealthAnchor.sol'
  compiler: { name: 'solc', version: string, settings: typeof COMPILER_SETTINGS }
  abi: unknown[]
  bytecode: string
  deployedBytecode: string
}

export const SOURCE_PATH = fileURLToPath(new URL('./HealthAnchor.sol', import.meta.url))
export const ARTIFACT_PATH = fileURLToPath(new URL('./HealthAnchor.json', import.meta.url))

interface Solc { version(): string, compile(input: string): string }

/**
 * Compiles the contract source in memory.
 * @throws Error listing the compiler's errors when the source does not compile
 */
export function compileHealthAnchor (source = readFileSync(SOURCE_PATH, 'utf8')): HealthAnchorArtifact {
  const solc = createRequire(import.meta.url)('solc') as Solc
  const input = { language: 'Solidity', sources: { 'HealthAnchor.sol': { content: source } }, settings: COMPILER_SETTINGS }
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: Array<{ severity: string, formattedMessage: string }>
    contracts?: Record<string, Record<string, { abi: unknown[], evm: { bytecode: { object: string }, deployedBytecode: { object: string } } }>>
  }
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) throw new Error(`HealthAnchor.sol does not compile:\n${errors.map((e) => e.formattedMessage).join('\n')}`)
  const contract = output.contracts?.['HealthAnchor.sol']?.HealthAnchor
  if (contract === undefined) throw new Error('solc produced no HealthAnchor contract')
  return {
    contractName: 'HealthAnchor',
    sourceName: 'HealthAnchor.sol',
    compiler: { name: 'solc', version: solc.version(), settings: COMPILER_SETTINGS },
    abi: contract.abi,
    bytecode: '0x' + contract.evm.bytecode.object,
    deployedBytecode: '0x' + contract.evm.deployedBytecode.object
  }
}

/** The artifact as written to disk (stable formatting, trailing newline). */
export function artifactText (artifact: HealthAnchorArtifact): string {
  return JSON.stringify(artifact, null, 2) + '\n'
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const artifact = compileHealthAnchor()
  writeFileSync(ARTIFACT_PATH, artifactText(artifact))
  process.stdout.write(`wrote ${ARTIFACT_PATH} (solc ${artifact.compiler.version}, ${(artifact.deployedBytecode.length - 2) / 2} bytes runtime)\n`)
}
