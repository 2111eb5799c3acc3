import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generate, loadCodegenConfig } from '@graphql-codegen/cli'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')

describe('generated resolver types', () => {
  it('are current with schema/ (run npm run codegen after editing schema/)', async () => {
    const cwd = process.cwd()
    process.chdir(root)
    try {
      const { config } = await loadCodegenConfig({ configFilePath: join(root, 'codegen.yml') })
      const outputs = await generate({ ...config, silent: true }, false) as Array<{ filename: string, content: string }>
      expect(outputs.length).toBe(6)
      for (const { filename, content } of outputs) {
        expect(readFileSync(join(root, filename), 'utf8'), filename).toBe(content)
      }
    } finally {
      process.chdir(cwd)
    }
  })
})
