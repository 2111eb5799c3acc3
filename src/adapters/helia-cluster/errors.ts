import type { CID } from 'multiformats/cid'
import { makeError } from '../../core/errors.ts'
import type { MedledgerError } from '../../core/errors.ts'

/** BODY_UNAVAILABLE: neither this node nor any holder the pin set names gave verified bytes in time. */
export function bodyUnavailable (cid: CID, timeoutMs: number, holders: string[], cause?: unknown): MedledgerError {
  return makeError(`body ${cid.toString()} could not be fetched from any holder within ${timeoutMs} ms`, 'BODY_UNAVAILABLE', { cid: cid.toString(), timeoutMs, holders }, cause)
}

/** REPLICATION_FAILED: fewer than R nodes acknowledged holding a batch; nothing in it was acknowledged. */
export function replicationFailed (cids: CID[], replicas: number, acked: number, cause?: unknown): MedledgerError {
  return makeError(`${cids.length} bodies reached ${acked} of ${replicas} nodes`, 'REPLICATION_FAILED', { cids: cids.slice(0, 8).map(String), count: cids.length, replicas, acked }, cause)
}
