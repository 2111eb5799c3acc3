import { verifyDataDir } from '../spine/verify.ts'
import { dataDirOf, print } from './common.ts'
import type { CommonOptions } from './common.ts'

/**
 * `medledger verify [--chain <rpc-url> [--contract 0x…]]`: exit 0 when everything verifies, 1 naming the first
 * bad block, entry, body or (with --chain) anchored root.
 */
export async function verifyCommand (options: CommonOptions & { chain?: string, contract?: string }): Promise<number> {
  const dir = dataDirOf(options)
  const report = await verifyDataDir(dir, options.chain === undefined ? {} : { chain: { rpcUrl: options.chain, contract: options.contract } })
  const lines = [
    `${report.ok ? 'OK' : 'FAILED'}: ${report.entries} entries, ${report.blocks} blocks, ${report.records} record versions in ${dir}`,
    ...report.notes.map((n) => `  note: ${n}`),
    ...report.problems.map((p) => `  ${p.code}: ${p.message}`)
  ]
  print(options, lines.join('\n'), report)
  return report.ok ? 0 : 1
}
