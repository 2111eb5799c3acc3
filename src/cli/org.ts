import { userInfo } from 'node:os'
import { makeError } from '../core/errors.ts'
import { identityStore } from '../subgraphs/identity/index.ts'
import { changeVerification } from '../subgraphs/identity/verification.ts'
import { openServices } from '../subgraphs/services.ts'
import { dataDirOf, print } from './common.ts'
import type { CommonOptions } from './common.ts'

const USAGE = 'usage: medledger org list | org verify <organization-id> | org suspend <organization-id> --reason "<why>"'

/**
 * `medledger org list|verify|suspend`: an operator decides which organizations are trusted as hospitals.
 * Safe while `serve` runs: it writes identity.db only (the gateway reads verification per request, so the
 * next request sees it) and queues the OrganizationVerified / OrganizationSuspended ledger entry, which the
 * process owning the ledger appends within a second (or when it next starts).
 * @throws MedledgerError BAD_INPUT (unknown action, no id, a suspension without --reason); NOT_FOUND
 */
export async function orgCommand (action: string | undefined, id: string | undefined, options: CommonOptions & { reason?: string }): Promise<number> {
  if (action !== 'list' && action !== 'verify' && action !== 'suspend') throw makeError(USAGE, 'BAD_INPUT')
  if (action !== 'list' && (id === undefined || id.trim().length === 0)) throw makeError(USAGE, 'BAD_INPUT')
  const services = await openServices({ dataDir: dataDirOf(options), ownsData: false })
  try {
    if (action === 'list') {
      const rows = identityStore(services).organizations()
      print(options, rows.map((o) => `${o.id}  ${o.verification.padEnd(10)}  ${o.name}`).join('\n') || '(no organizations)',
        rows.map((o) => ({ id: o.id, name: o.name, verification: o.verification })))
      return 0
    }
    const org = await changeVerification(services, {
      organizationId: id!.trim(), status: action === 'verify' ? 'VERIFIED' : 'SUSPENDED', actor: `operator:${userInfo().username}`,
      ...(options.reason === undefined ? {} : { reason: options.reason })
    })
    print(options, `${org.name} (${org.id}) is ${org.verification}; its ledger entry is appended by the serving process`, { id: org.id, verification: org.verification })
    return 0
  } finally {
    await services.close()
  }
}
