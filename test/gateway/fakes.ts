import { makeError } from '../../src/core/errors.ts'
import { SUBGRAPH_NAMES } from '../../src/gateway/compose.ts'
import type { SubgraphName } from '../../src/gateway/compose.ts'
import type { Services, SubgraphContext, Viewer } from '../../src/subgraphs/context.ts'
import { loadSubgraph, loadViewerResolver } from '../../src/subgraphs/registry.ts'
import type { ViewerResolver } from '../../src/subgraphs/registry.ts'
import type { SubgraphModule } from '../../src/subgraphs/subgraph.ts'

/**
 * Stand-in subgraph modules with fixed data, for gateway tests that must not depend on the real
 * subgraphs: `me` echoes the viewer the subgraph received; `patient(id: "forbidden")` throws a typed
 * FORBIDDEN and `patient(id: "boom")` an unexpected error whose message must never reach a client.
 */
export const FAKE_SUBGRAPHS: Record<SubgraphName, SubgraphModule> = {
  identity: {
    name: 'identity',
    resolvers: {
      Query: {
        me: (_: unknown, __: unknown, ctx: SubgraphContext) => ctx.viewer.kind === 'account'
          ? { id: ctx.viewer.accountId, address: ctx.viewer.address, roles: ctx.viewer.roles, createdAt: '2024-01-01T00:00:00.000Z' }
          : null,
        patient: (_: unknown, args: { id: string }) => {
          if (args.id === 'forbidden') throw makeError('not permitted', 'FORBIDDEN')
          if (args.id === 'boom') throw new Error('sqlite: /var/secret/identity.db is locked')
          return null
        },
        organizations: () => []
      }
    }
  },
  records: { name: 'records', resolvers: {} },
  consent: { name: 'consent', resolvers: {} },
  emergency: { name: 'emergency', resolvers: {} },
  research: { name: 'research', resolvers: { Query: { researchCorpus: () => ({ sharedRecords: 0, k: 5 }) } } },
  ledger: {
    name: 'ledger',
    resolvers: {
      Query: {
        ledgerHead: () => ({
          height: 7, prevHash: '0'.repeat(64), treeSize: 42, root: 'ab'.repeat(32), time: '2024-01-01T00:00:00.000Z', signer: '0x0000000000000000000000000000000000000001', signature: '0x00'
        })
      }
    }
  }
}

/**
 * A stand-in for identity's resolveViewer: no header is anonymous; `Bearer <token>` is verified with the
 * real session key and becomes an account viewer; anything else is UNAUTHENTICATED.
 */
export const fakeResolveViewer: ViewerResolver = async (services: Services, authorization: string | undefined): Promise<Viewer> => {
  if (authorization === undefined || authorization === '') return { kind: 'anonymous' }
  const match = /^Bearer (.+)$/.exec(authorization)
  if (match === null) throw makeError('unsupported authorization scheme', 'UNAUTHENTICATED')
  const { accountId } = await services.auth.verifySession(match[1]!)
  return { kind: 'account', accountId, address: '0x000000000000000000000000000000000000bEEF', roles: ['PATIENT'], organizationIds: [], verifiedOrganizationIds: [] }
}

/** The real module of `name` when its folder exists, else the stand-in. */
export async function realOrFake (name: SubgraphName): Promise<{ module: SubgraphModule, real: boolean }> {
  try {
    return { module: await loadSubgraph(name), real: true }
  } catch {
    return { module: FAKE_SUBGRAPHS[name], real: false }
  }
}

/** Every subgraph, real where available. */
export async function realOrFakeAll (): Promise<Partial<Record<SubgraphName, SubgraphModule>>> {
  const out: Partial<Record<SubgraphName, SubgraphModule>> = {}
  for (const name of SUBGRAPH_NAMES) out[name] = (await realOrFake(name)).module
  return out
}

/** identity's resolveViewer when it exists, else the stand-in. */
export async function realOrFakeViewerResolver (): Promise<ViewerResolver> {
  try {
    return await loadViewerResolver()
  } catch {
    return fakeResolveViewer
  }
}
