import { makeError } from '../core/errors.ts'
import type { Role } from '../subgraphs/context.ts'
import { identityStore } from '../subgraphs/identity/index.ts'
import { loadAccountFinder } from '../subgraphs/registry.ts'
import { openServices } from '../subgraphs/services.ts'
import { dataDirOf } from './common.ts'
import type { CommonOptions } from './common.ts'

/**
 * Roles that no registration flow grants: an operator vouches for a research institution, an insurer, an
 * auditor or a regulator (who verifies hospitals) out of band (ethics approval, contract) and grants the role to the account they signed in with.
 */
export const OPERATOR_ROLES: readonly Role[] = ['RESEARCHER', 'INSURER', 'AUDITOR', 'REGULATOR']

/**
 * `medledger role grant <RESEARCHER|INSURER|AUDITOR> --as <address|account-id>`. Safe while `serve` runs (it
 * writes identity.db only; the gateway reads roles per request, so the next request has the role).
 * @throws MedledgerError BAD_INPUT (unknown action or role, no --as); NOT_FOUND (no such account)
 */
export async function roleCommand (action: string | undefined, role: string | undefined, options: CommonOptions & { as?: string }): Promise<number> {
  if (action !== 'grant') throw makeError('usage: medledger role grant <RESEARCHER|INSURER|AUDITOR|REGULATOR> --as <address-or-account-id>', 'BAD_INPUT')
  if (role === undefined || !(OPERATOR_ROLES as readonly string[]).includes(role)) throw makeError(`role must be one of ${OPERATOR_ROLES.join(', ')}`, 'BAD_INPUT')
  const who = options.as?.trim()
  if (who === undefined || who.length === 0) throw makeError('medledger role grant needs --as <address-or-account-id>', 'BAD_INPUT')
  const findAccount = await loadAccountFinder()
  const services = await openServices({ dataDir: dataDirOf(options), ownsData: false })
  try {
    const account = await findAccount(services, who)
    if (account === null) throw makeError(`no account with id or address ${who}; the person signs in once first`, 'NOT_FOUND')
    identityStore(services).grantRole(account.id, role as Role)
    if (options.json) process.stdout.write(JSON.stringify({ accountId: account.id, role }) + '\n')
    else process.stdout.write(`granted ${role} to account ${account.id}\n`)
    return 0
  } finally {
    await services.close()
  }
}
