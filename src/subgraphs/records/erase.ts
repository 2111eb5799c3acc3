import type { RecordErased } from '../../core/consent/index.ts'
import { makeError } from '../../core/errors.ts'
import { consentStore } from '../consent/store.ts'
import { actorOf } from '../context.ts'
import type { MutationResolvers } from './resolvers-types.generated.ts'
import { consentRequired, signedIn } from './access.ts'
import { dataOf } from './data.ts'
import { isPatientThemself } from './policy.ts'
import { recordVersions } from './record-loaders.ts'

/**
 * Erasure by crypto-shredding, by the patient themself: destroys the service copy of every version's data
 * key (the IPFS bytes stay, unreadable without it; the patient's own copy inside each envelope opens only
 * with their private key), appends `RecordErased { recordId, versions: [{ version, cid }], actor }` (ids and
 * hashes only), drops the index rows (reindex skips shredded versions) and remembers the erasure so the
 * patient's later reads answer NOT_FOUND. `medledger verify` still passes: it counts shredded versions as notes.
 * @throws MedledgerError UNAUTHENTICATED; CONSENT_REQUIRED for anyone but the patient (or an unknown id);
 *   NOT_FOUND when the patient's record was already erased
 */
export const eraseRecord: NonNullable<MutationResolvers['eraseRecord']> = async (_parent, { id }, ctx) => {
  const viewer = signedIn(ctx.viewer)
  const versions = await recordVersions(ctx).load(id)
  const latest = versions.at(-1)
  if (latest === undefined) {
    const erasedOf = await consentStore(ctx.services).erasedPatient(id)
    if (erasedOf !== undefined && isPatientThemself(viewer, erasedOf)) throw makeError('this record was already erased', 'NOT_FOUND')
    throw consentRequired()
  }
  if (!isPatientThemself(viewer, latest.patientId)) throw consentRequired()
  const data = dataOf(ctx.services)
  const time = ctx.services.clock.now()
  const shredded = data.keys.shred(id)
  const [entryIndex] = await data.ledger.append([{
    type: 'RecordErased', recordId: id, versions: versions.map((v) => ({ version: v.version, cid: v.cid })), actor: actorOf(viewer), time
  } satisfies RecordErased])
  data.index.remove(id)
  await consentStore(ctx.services).markErased(id, latest.patientId, time)
  recordVersions(ctx).clear(id)
  return { id, versions: shredded, entryIndex: entryIndex! }
}
