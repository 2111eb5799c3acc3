import { makeError } from '../core/errors.ts'
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

/**
 * Resolves on the first SIGINT or SIGTERM with the signal's name. A second signal while shutting down
 * exits at once, so a stuck shutdown can always be interrupted.
 */
export function untilSignal (): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      process.once('SIGINT', () => process.exit(130))
      process.once('SIGTERM', () => process.exit(143))
      resolve(signal)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}

/**
 * A TCP port from a command-line value.
 * @throws MedledgerError BAD_INPUT unless it is an integer in 0..65535
 */
export function portOf (value: string | undefined, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback
  const port = Number(value)
  if (value === undefined || !/^\d+$/.test(value) || port > 65535) throw makeError(`--port must be an integer 0..65535, got ${value ?? 'nothing'}`, 'BAD_INPUT')
  return port
}
