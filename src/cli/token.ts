import { makeError } from '../core/errors.ts'
import { readDemoUsers } from '../demo/seed.ts'
import { loadAccountFinder } from '../subgraphs/registry.ts'
import { openServices } from '../subgraphs/services.ts'
import { dataDirOf } from './common.ts'
import type { CommonOptions } from './common.ts'

/**
 * `medledger token --as <demo-alias|address|account-id>`: prints a bearer token (15 minutes) for an existing
 * account, for demo users and operations. Prints only the token (or `--json` with its expiry), so that
 * `TOKEN=$(medledger token --as 0x…)` works. Safe while `serve` runs: it does not open the data spine.
 * @throws MedledgerError BAD_INPUT without --as; NOT_FOUND when no account matches
 */
export async function tokenCommand (options: CommonOptions & { as?: string }): Promise<number> {
  const who = options.as?.trim()
  if (who === undefined || who.length === 0) throw makeError('medledger token needs --as <address-or-account-id>', 'BAD_INPUT')
  const findAccount = await loadAccountFinder()
  const services = await openServices({ dataDir: dataDirOf(options), ownsData: false })
  try {
    // a demo alias (alice, dr-li, …) names the demo user's wallet address
    const alias = readDemoUsers(services.dataDir).find((u) => u.alias === who)
    const account = await findAccount(services, alias?.address ?? who)
    if (account === null) throw makeError(`no account with id or address ${who}`, 'NOT_FOUND')
    const session = await services.auth.issueSession(account.id)
    if (options.json) {
      process.stdout.write(JSON.stringify({ accountId: account.id, token: session.token, expiresAt: new Date(session.expiresAt).toISOString() }) + '\n')
    } else {
      process.stdout.write(session.token + '\n')
      process.stderr.write(`token for account ${account.id}, valid until ${new Date(session.expiresAt).toISOString()}; send it as "Authorization: Bearer <token>"\n`)
    }
    return 0
  } finally {
    await services.close()
  }
}
