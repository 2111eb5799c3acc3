import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generate, loadCodegenConfig } from '@graphql-codegen/cli'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')

describe('the portal\'s typed documents (GraphQL Code Generator client preset)', () => {
  it('are current with schema/ and the portal\'s operations (run npm run portal:codegen)', async () => {
    const cwd = process.cwd()
    process.chdir(root)
    try {
      const { config } = await loadCodegenConfig({ configFilePath: join(root, 'examples/portal/codegen.yml') })
      const outputs = await generate({ ...config, silent: true }, false) as Array<{ filename: string, content: string }>
      expect(outputs.map((o) => o.filename).sort()).toEqual(['examples/portal/src/gql/gql.ts', 'examples/portal/src/gql/graphql.ts', 'examples/portal/src/gql/index.ts'])
      for (const { filename, content } of outputs) expect(readFileSync(join(root, filename), 'utf8'), filename).toBe(content)
    } finally {
      process.chdir(cwd)
    }
  })
})
