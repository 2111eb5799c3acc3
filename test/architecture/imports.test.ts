import { join } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { findCycles, readImportGraph } from './import-graph.ts'

const ROOT = join(import.meta.dirname, '../..')

describe('the import graph of src/', () => {
  it('has no cycle', () => {
    const graph = readImportGraph(join(ROOT, 'src'), ROOT)
    expect(graph.size).toBeGreaterThan(300)
    expect(findCycles(graph)).toEqual([])
  })

  it('finds a cycle where there is one (the check itself works)', () => {
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]])
    expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']])
  })
})

/**
 * The layer fences of eslint.config.js, run on the project's own config: a file in one layer that imports
 * from a folder its layer may not use fails `npm run lint`. Each case lints a one-line text as if it were
 * an existing file of that layer (only `no-restricted-imports` runs, so the case is quick).
 */
describe('the layer fences of npm run lint', () => {
  const eslint = new ESLint({ cwd: ROOT, ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports' })
  const lint = async (filePath: string, code: string): Promise<string[]> => {
    const [result] = await eslint.lintText(code + '\nexport {}\n', { filePath: join(ROOT, filePath) })
    return (result?.messages ?? []).map((m) => m.ruleId ?? m.message)
  }

  it.each([
    ['a subgraph importing the gateway', 'src/subgraphs/registry.ts', "import { SUBGRAPH_NAMES } from '../gateway/compose.ts'"],
    ['a nested subgraph file importing the gateway', 'src/subgraphs/records/erase.ts', "import type { GatewayConfig } from '../../gateway/config.ts'"],
    ['anything importing the CLI', 'src/gateway/gateway.ts', "import { main } from '../cli/main.ts'"],
    ['a subgraph importing the CLI', 'src/subgraphs/services.ts', "import { main } from '../cli/main.ts'"],
    ['core importing a port', 'src/core/errors.ts', "import type { Clock } from '../ports/clock.ts'"],
    ['core importing node:fs', 'src/core/hex.ts', "import { readFileSync } from 'node:fs'"],
    ['a port importing an adapter', 'src/ports/ledger.ts', "import { openEmbeddedLedger } from '../adapters/ledger-embedded/embedded-ledger.ts'"],
    ['an adapter importing the spine', 'src/adapters/sqlite/sqlite-db.ts', "import { openDataDir } from '../../spine/data-dir.ts'"],
    ['the importer importing a subgraph', 'src/import/open.ts', "import { openCustodialPatients } from '../subgraphs/identity/custodial.ts'"],
    ['shared importing a subgraph', 'src/shared/viewer.ts', "import type { Services } from '../subgraphs/context.ts'"],
    ['production code importing a test kit', 'src/subgraphs/records/erase.ts', "import { harness } from './test-kit.ts'"]
  ])('fails %s', async (_name, file, code) => {
    expect(await lint(file, code)).toEqual(['no-restricted-imports'])
  })

  it.each([
    ['a subgraph importing shared', 'src/subgraphs/registry.ts', "import { SUBGRAPH_NAMES } from '../shared/subgraphs.ts'"],
    ['the gateway importing a subgraph', 'src/gateway/gateway.ts', "import type { Services } from '../subgraphs/context.ts'"],
    ['an adapter importing a port and core', 'src/adapters/sqlite/sqlite-db.ts', "import type { Clock } from '../../ports/clock.ts'\nimport { makeError } from '../../core/errors.ts'"],
    ['the CLI importing anything', 'src/cli/main.ts', "import { openGateway } from '../gateway/gateway.ts'"],
    ['a test importing a test kit', 'src/subgraphs/records/policy.test.ts', "import { harness } from './test-kit.ts'"],
    ['a core test importing node:fs', 'src/core/hex.test.ts', "import { readFileSync } from 'node:fs'"]
  ])('passes %s', async (_name, file, code) => {
    expect(await lint(file, code)).toEqual([])
  })
})
