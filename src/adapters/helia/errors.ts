import type { CID } from 'multiformats/cid'
import { makeError, MedledgerError } from '../../core/errors.ts'

/**
 * Error names the Helia stack uses for "this block is not in the local blockstore": Helia's
 * `offline: true` read (BlockNotFoundWhileOfflineError) and interface-store's NotFoundError.
 */
const NOT_FOUND_NAMES = new Set(['BlockNotFoundWhileOfflineError', 'NotFoundError'])

/** Errors from @helia/unixfs / ipfs-unixfs-exporter meaning "this CID is not a file body". */
const NOT_A_BODY_NAMES = new Set(['NotAFileError', 'NoContentError', 'NotUnixFSError', 'NoResolverError'])

/** A MedledgerError BODY_NOT_FOUND naming the CID (CIDs are content hashes, never health data). */
export function bodyNotFound (cid: CID, cause?: unknown): MedledgerError {
  return makeError(`body ${cid.toString()} is not in the local blockstore`, 'BODY_NOT_FOUND', { cid: cid.toString() }, cause)
}

/** A MedledgerError CID_MISMATCH: the stored bytes do not hash to `cid`. */
export function cidMismatch (cid: CID): MedledgerError {
  return makeError(`stored bytes for ${cid.toString()} do not hash to that CID`, 'CID_MISMATCH', { cid: cid.toString() })
}

/**
 * Maps an error thrown by Helia while reading `cid` to a MedledgerError where one applies
 * (BODY_NOT_FOUND, BAD_INPUT for a CID that is not a file body); anything else is returned unchanged.
 */
export function fromHeliaReadError (err: unknown, cid: CID): unknown {
  if (err instanceof MedledgerError || !(err instanceof Error)) return err
  if (NOT_FOUND_NAMES.has(err.name)) return bodyNotFound(cid, err)
  if (NOT_A_BODY_NAMES.has(err.name)) {
    return makeError(`${cid.toString()} is not a file body`, 'BAD_INPUT', { cid: cid.toString() }, err)
  }
  return err
}
