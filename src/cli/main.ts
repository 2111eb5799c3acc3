import { parseArgs } from 'node:util'
import { MedledgerError } from '../core/errors.ts'
import { keysCommand } from './keys.ts'
import { reindexCommand } from './reindex.ts'
import { verifyCommand } from './verify.ts'

const USAGE = `medledger <command> [options]

Commands:
  verify            recompute every block, root, signature and body hash; exit 1 naming the first bad one
  reindex           drop the index and rebuild it from the ledger, IPFS and the keystore
  keys create       create the service keys (KEK v1, ledger signer) if missing
  keys rotate       new KEK version; rewraps every stored DEK (bodies and CIDs untouched)
  keys show         KEK versions and the ledger signer address (never key material)

Options:
  --data <dir>      data folder (default $MEDLEDGER_DATA or ./.medledger)
  --json            machine-readable output
  -h, --help        this text
`

/** Parses argv and runs one command; returns the process exit code. */
export async function main (argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  const [command, ...rest] = positionals
  if (values.help || command === undefined) {
    process.stdout.write(USAGE)
    return command === undefined && !values.help ? 2 : 0
  }
  const common = { data: values.data, json: values.json }
  switch (command) {
    case 'verify': return verifyCommand(common)
    case 'reindex': return reindexCommand(common)
    case 'keys': return keysCommand(rest[0], common)
    default:
      process.stderr.write(`medledger: unknown command '${command}'\n\n${USAGE}`)
      return 2
  }
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (err) {
  // Typed errors carry a code and a message without health data; anything else is a bug: show its stack.
  if (err instanceof MedledgerError) process.stderr.write(`medledger: ${err.code}: ${err.message}\n`)
  else process.stderr.write(`medledger: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exitCode = 1
}
