/** Token queries (own balance, history, supply) and the insurer's deposit. */
import { makeError } from '../../../../core/errors.ts'
import { cursorNumber, numberCursor } from '../../../cursor.ts'
import type { Resolvers } from '../../resolvers-types.generated.ts'
import { accountOf, ownAccount, requireRole, tokenAmount } from './accounts.ts'
import { moveTokens, tokenBank } from './bank.ts'

const KIND = { TokensMinted: 'MINT', TokensTransferred: 'TRANSFER', TokensBurned: 'BURN' } as const

export const tokenResolvers: Pick<Resolvers, 'TokenAccount' | 'TokenMove'> & { Query: Pick<NonNullable<Resolvers['Query']>, 'myTokens' | 'tokenSupply'>, Mutation: Pick<NonNullable<Resolvers['Mutation']>, 'depositTokens'> } = {
  Query: {
    myTokens: (_p, { organizationId }, ctx) => ({ account: ownAccount(ctx, organizationId) }),
    tokenSupply: async (_p, _a, ctx) => {
      accountOf(ctx)
      const { minted, burned } = await (await tokenBank(ctx.services)).totals()
      return { minted, burned, circulating: minted - burned }
    }
  },
  Mutation: {
    depositTokens: async (_p, { amount, ref }, ctx) => {
      const viewer = requireRole(ctx, 'INSURER')
      if (ref.length === 0 || ref.length > 200) throw makeError('ref must be 1 to 200 characters', 'BAD_INPUT')
      const account = `account:${viewer.accountId}`
      const [applied] = await moveTokens(ctx.services, [{ type: 'TokensMinted', to: account, amount: tokenAmount(amount), reason: 'deposit', ref: `deposit:${viewer.accountId}:${ref}`, actor: account }])
      if (applied !== true) throw makeError('a deposit with this ref was already made; nothing was minted twice', 'CONFLICT', { reason: 'REPLAYED' })
      return { account }
    }
  },
  TokenAccount: {
    balance: async ({ account }, _a, ctx) => (await tokenBank(ctx.services)).balance(account),
    history: async ({ account }, { first, after }, ctx) => {
      const limit = first ?? 20
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100) throw makeError('first must be between 1 and 100', 'BAD_INPUT')
      const before = after === null || after === undefined ? undefined : cursorNumber('tokens', after, 'token history')
      const rows = await (await tokenBank(ctx.services)).history(account, limit + 1, before)
      const nodes = rows.slice(0, limit)
      const last = nodes.at(-1)
      return { nodes, hasNextPage: rows.length > limit, endCursor: last === undefined ? null : numberCursor('tokens', last.ledgerIndex) }
    }
  },
  TokenMove: {
    kind: (row) => KIND[row.type],
    time: (row) => row.time
  }
}
