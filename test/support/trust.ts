import type { Services } from '../../src/subgraphs/context.ts'
import { identityStore } from '../../src/subgraphs/identity/index.ts'

/**
 * Verifies organization `id` as an operator would (`medledger org verify`): the tests of hospital features run
 * with verified hospitals, as a real deployment does.
 */
export function verifyOrganization (services: Pick<Services, 'store' | 'clock'>, id: string): void {
  identityStore(services).setVerification({ organizationId: id, status: 'VERIFIED', actor: 'operator:test', time: services.clock.now() })
}
