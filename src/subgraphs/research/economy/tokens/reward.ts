/**
 * Rewards: new tokens minted to an account, once per `ref` (e.g. `share:<recordId>` for a research share).
 */
import type { Services } from '../../../context.ts'
import { moveTokens } from './bank.ts'

/**
 * Mints `amount` tokens to `account` with a TokensMinted ledger entry, unless a token entry with `ref`
 * already exists; returns whether this call credited anything.
 * @throws RangeError for an amount that is not a positive integer or a malformed account; TypeError for an
 *   empty ref or reason; Error when this process does not own the data folder
 */
export async function creditReward (services: Services, input: { account: string, amount: number, reason: string, ref: string }): Promise<{ credited: boolean }> {
  const [credited] = await moveTokens(services, [{
    type: 'TokensMinted', to: input.account, amount: input.amount, reason: input.reason, ref: input.ref, actor: 'system:rewards'
  }])
  return { credited: credited === true }
}
