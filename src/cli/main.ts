import { parseArgs } from 'node:util'
import { MedledgerError } from '../core/errors.ts'
import { keysCommand } from './keys.ts'
import { reindexCommand } from './reindex.ts'
import { verifyCommand } from './verify.ts'

const USAGE = `medledger <command> [options]

Commands:
  serve             the GraphQL gateway on http://127.0.0.1:4000/graphql (GraphiQL for browsers);
                    every subgraph in-process unless --config names remote ones
  subgraph <name>   serve one subgraph (identity, records, consent, emergency, research, ledger) on
                    http://127.0.0.1:<port>/graphql for a gateway started with --config (needs --port)
  token --as <who>  print a bearer token for an existing account (demo alias, wallet address or account id)
  role grant <ROLE> --as <who>
                    grant RESEARCHER, INSURER, AUDITOR or REGULATOR (no self-service registration)
  org list | org verify <id> | org suspend <id> --reason <why>
                    decide which organizations are trusted as hospitals (a ledger entry each)
  verify            recompute every block, root, signature and body hash; exit 1 naming the first bad one
  reindex           drop the index and rebuild it from the ledger, IPFS and the keystore
  keys create       create the service keys (KEK v1, ledger signer) if missing
  keys rotate       new KEK version; rewraps every stored DEK (bodies and CIDs untouched)
  keys show         KEK versions and the ledger signer address (never key material)
  import <paths…>   import FHIR R4 Bundles and bulk NDJSON (plain or .gz) for --hospital; resumes when rerun
  export            --patient <id> --format bundle|car, or --hospital <id> (NDJSON per type into --out DIR)
  anchor deploy     deploy anchors/HealthAnchor.sol (--rpc, --key-file, optional --anchorer ×≤3)
  anchor run        anchor the ledger's blocks to that contract (--rpc, --contract, --key-file,
                    --interval ms, --once); not while serve owns the folder (serve anchors when
                    MEDLEDGER_EVM_RPC/_CONTRACT/_KEY_FILE are set)
  ledger migrate --to <postgres url>
                    copy the embedded ledger into an empty PostgreSQL ledger (every block root kept)
  ledger verify [--from <postgres url>]
                    verify a PostgreSQL ledger (default MEDLEDGER_POSTGRES_URL), else the data folder
  store migrate --from <data folder> --to <postgres url>
                    copy the data folder's stores into PostgreSQL, checked by per-table counts
  proof <recordId>  the proof bundle of a record version (--version, --out); check it with
                    anchors/verify-bundle.mjs <bundle> --rpc <url>

Options:
  --port <n>        serve: gateway port (default 4000); subgraph: its port
  --host <addr>     serve: interface to listen on (default 127.0.0.1)
  --config <file>   serve: {"subgraphs": {"<name>": "http://127.0.0.1:5001/graphql", …}}
  --postgres <url>  serve: the cluster's PostgreSQL (default $MEDLEDGER_POSTGRES_URL): stores ported to it
                    (consent, sessions) live there, shared by every process over the same database
  --as <who>        token, role: the account
  --reason <text>   org suspend: why (kept in the ledger entry)
  --chain <url>     verify: also check every anchored root against this EVM JSON-RPC endpoint
  --data <dir>      data folder (default $MEDLEDGER_DATA or ./.medledger)
  --hospital <id>   import/export: the hospital (organization id)
  --batch <n>       import: resources per spine write (default 256)
  --rejects <file>  import: OperationOutcome NDJSON of rejects (default <data>/import/<job>.rejects.ndjson)
  --patient <id>    export: the patient
  --format <f>      export: bundle (FHIR JSON) or car (encrypted bodies + ledger proofs)
  --out <path>      export: output file (patient) or folder (hospital); proof: the bundle file
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
      port: { type: 'string' },
      host: { type: 'string' },
      config: { type: 'string' },
      postgres: { type: 'string' },
      as: { type: 'string' },
      reason: { type: 'string' },
      hospital: { type: 'string' },
      batch: { type: 'string' },
      rejects: { type: 'string' },
      patient: { type: 'string' },
      format: { type: 'string' },
      chain: { type: 'string' },
      contract: { type: 'string' },
      rpc: { type: 'string' },
      'key-file': { type: 'string' },
      anchorer: { type: 'string', multiple: true },
      interval: { type: 'string' },
      once: { type: 'boolean', default: false },
      version: { type: 'string' },
      out: { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
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
    case 'verify': return verifyCommand({ ...common, chain: values.chain, contract: values.contract })
    case 'anchor': return (await import('./anchor.ts')).anchorCommand(rest[0], {
      ...common, rpc: values.rpc, keyFile: values['key-file'], contract: values.contract, anchorer: values.anchorer, interval: values.interval, once: values.once
    })
    case 'proof': return (await import('./anchor.ts')).proofCommand(rest[0], { ...common, version: values.version, out: values.out })
    case 'ledger': return (await import('./ledger.ts')).ledgerCommand(rest[0], { ...common, to: values.to, from: values.from })
    case 'store': return (await import('./store.ts')).storeCommand(rest[0], { ...common, to: values.to, from: values.from })
    case 'reindex': return reindexCommand(common)
    case 'keys': return keysCommand(rest[0], common)
    case 'import': return (await import('./import.ts')).importCommand(rest, { ...common, hospital: values.hospital, batch: values.batch, rejects: values.rejects })
    case 'export': return (await import('./export.ts')).exportCommand({ ...common, hospital: values.hospital, patient: values.patient, format: values.format, out: values.out })
    // The GraphQL commands load Apollo (about a second of imports): only when they run.
    case 'serve': {
      const { seedDemo } = await import('../demo/seed.ts')
      return (await import('./serve.ts')).serveCommand({ ...common, port: values.port, host: values.host, config: values.config, postgres: values.postgres, onStart: seedDemo })
    }
    case 'subgraph': return (await import('./subgraph.ts')).subgraphCommand(rest[0], { ...common, port: values.port })
    case 'token': return (await import('./token.ts')).tokenCommand({ ...common, as: values.as })
    case 'role': return (await import('./role.ts')).roleCommand(rest[0], rest[1], { ...common, as: values.as })
    case 'org': return (await import('./org.ts')).orgCommand(rest[0], rest[1], { ...common, ...(values.reason === undefined ? {} : { reason: values.reason }) })
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
