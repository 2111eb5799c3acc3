import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildSubgraphSchema } from '@apollo/subgraph'
import { Wallet } from 'ethers'
import type { HDNodeWallet } from 'ethers'
import { createRequire } from 'node:module'
import type { ExecutionResult, GraphQLSchema } from 'graphql'
import { systemClock } from '../../ports/clock.ts'
import type { Services, SubgraphContext, Viewer } from '../context.ts'
import { formatError } from '../errors.ts'
import { openServices } from '../services.ts'
import { resolvers } from './resolvers.ts'
import { viewerForAccount } from './viewer.ts'

/** A clock tests move by hand. */
export interface TestClock {
  now(): number
  advance(ms: number): void
}

/** The identity subgraph over real services in a temp folder, for tests. */
export interface IdentityHarness {
  services: Services
  clock: TestClock
  /** Runs one operation against the subgraph schema as `viewer` (anonymous by default), with fresh loaders. */
  run(source: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<ExecutionResult>
  /** Signs `wallet` (a new random one by default) in through siweChallenge and signIn. */
  signIn(wallet?: HDNodeWallet | Wallet): Promise<{ wallet: HDNodeWallet | Wallet, token: string, accountId: string }>
  /** The account viewer of `accountId` as it is now. */
  viewer(accountId: string): Viewer
  close(): Promise<void>
}

/*
 * graphql as @apollo/subgraph (CommonJS) sees it. Under vitest a plain `import 'graphql'` resolves to the
 * package's ESM build, a second copy whose `graphql()` rejects a schema built by the CommonJS one.
 */
const { graphql, parse } = createRequire(import.meta.url)('graphql') as typeof import('graphql')

const SCHEMA: GraphQLSchema = buildSubgraphSchema({
  typeDefs: parse(readFileSync(join(import.meta.dirname, '../../../schema/identity.graphql'), 'utf8')),
  resolvers: resolvers as never
})

export async function identityHarness (): Promise<IdentityHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'medledger-identity-'))
  let offset = 0
  const clock: TestClock = { now: () => systemClock.now() + offset, advance: (ms) => { offset += ms } }
  const services = await openServices({ dataDir: dir, ownsData: false, clock })
  let requests = 0
  const run: IdentityHarness['run'] = async (source, variables, viewer = { kind: 'anonymous' }) => {
    const contextValue: SubgraphContext = { viewer, requestId: `test-${++requests}`, services, loaders: new Map() }
    return graphql({ schema: SCHEMA, source, variableValues: variables, contextValue })
  }
  return {
    services,
    clock,
    run,
    async signIn (wallet = Wallet.createRandom()) {
      const challenge = await run('mutation ($a: String!) { siweChallenge(address: $a) { message } }', { a: wallet.address })
      const message = (challenge.data?.siweChallenge as { message: string }).message
      const signature = await wallet.signMessage(message)
      const result = await run('mutation ($m: String!, $s: String!) { signIn(message: $m, signature: $s) { token account { id } } }', { m: message, s: signature })
      if (result.errors !== undefined) throw result.errors[0]!
      const session = result.data?.signIn as { token: string, account: { id: string } }
      return { wallet, token: session.token, accountId: session.account.id }
    },
    viewer: (accountId) => viewerForAccount(services, accountId),
    async close () {
      await services.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** The public `extensions.code` of each error of `result`, as the gateway would send them. */
export function errorCodes (result: ExecutionResult): unknown[] {
  // the original error, not the GraphQLError: that one may come from the other copy of graphql (see above)
  return (result.errors ?? []).map((e) => formatError(e.toJSON(), e.originalError ?? e).extensions?.code)
}

/** The code of a MedledgerError thrown by `fn` (undefined when nothing is thrown). */
export async function thrownCode (fn: () => unknown): Promise<string | undefined> {
  try {
    await fn()
    return undefined
  } catch (err) {
    return (err as { code?: string }).code
  }
}
