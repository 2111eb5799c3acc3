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
    ['fails', 'a subgraph importing the gateway', 'src/subgraphs/registry.ts', "import { SUBGRAPH_NAMES } from '../gateway/compose.ts'"],
    ['fails', 'a nested subgraph file importing the gateway', 'src/subgraphs/records/erase.ts', "import type { GatewayConfig } from '../../gateway/config.ts'"],
    ['fails', 'anything importing the CLI', 'src/gateway/gateway.ts', "import { main } from '../cli/main.ts'"],
    ['fails', 'a subgraph importing the CLI', 'src/subgraphs/services.ts', "import { main } from '../cli/main.ts'"],
    ['fails', 'core importing a port', 'src/core/errors.ts', "import type { Clock } from '../ports/clock.ts'"],
    ['fails', 'core importing node:fs', 'src/core/hex.ts', "import { readFileSync } from 'node:fs'"],
    ['fails', 'a port importing an adapter', 'src/ports/ledger.ts', "import { openEmbeddedLedger } from '../adapters/ledger-embedded/embedded-ledger.ts'"],
    ['fails', 'an adapter importing the spine', 'src/adapters/sqlite/sqlite-db.ts', "import { openDataDir } from '../../spine/data-dir.ts'"],
    ['fails', 'the importer importing a subgraph', 'src/import/open.ts', "import { openCustodialPatients } from '../subgraphs/identity/custodial.ts'"],
    ['fails', 'shared importing a subgraph', 'src/shared/viewer.ts', "import type { Services } from '../subgraphs/context.ts'"],
    ['fails', 'production code importing a test kit', 'src/subgraphs/records/erase.ts', "import { harness } from './test-kit.ts'"],
    ['passes', 'a subgraph importing shared', 'src/subgraphs/registry.ts', "import { SUBGRAPH_NAMES } from '../shared/subgraphs.ts'"],
    ['passes', 'the gateway importing a subgraph', 'src/gateway/gateway.ts', "import type { Services } from '../subgraphs/context.ts'"],
    ['passes', 'an adapter importing a port and core', 'src/adapters/sqlite/sqlite-db.ts', "import type { Clock } from '../../ports/clock.ts'\nimport { makeError } from '../../core/errors.ts'"],
    ['passes', 'the CLI importing anything', 'src/cli/main.ts', "import { openGateway } from '../gateway/gateway.ts'"],
    ['passes', 'a test importing a test kit', 'src/subgraphs/records/policy.test.ts', "import { harness } from './test-kit.ts'"],
    ['passes', 'a core test importing node:fs', 'src/core/hex.test.ts', "import { readFileSync } from 'node:fs'"]
  ])('%s: %s', async (verdict, _name, file, code) => {
    expect(await lint(file, code)).toEqual(verdict === 'fails' ? ['no-restricted-imports'] : [])
  })
})
