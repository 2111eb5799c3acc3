import { defaultDataDir } from '../spine/data-dir.ts'

export interface CommonOptions {
  data?: string
  json: boolean
}

export function dataDirOf (options: CommonOptions): string {
  return options.data ?? defaultDataDir()
}

export function print (options: CommonOptions, human: string, json: unknown): void {
  process.stdout.write(options.json ? JSON.stringify(json) + '\n' : human + '\n')
}
