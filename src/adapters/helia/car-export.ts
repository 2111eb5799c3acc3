import { CarWriter } from '@ipld/car/writer'
import { createUnsafe } from 'multiformats/block'
import type { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import type { Helia } from 'helia'
import type { AbortOptions } from '../../ports/body-store.ts'
import { makeError } from '../../core/errors.ts'
import { readVerifiedBlock } from './verified-read.ts'

/** The part of a Helia node a CAR export needs. */
export type CarSource = Pick<Helia, 'blockstore' | 'getHasher' | 'getCodec'>

/** Receives the CAR's bytes in order; the next chunk waits for the returned promise. */
export type CarSink = (chunk: Uint8Array) => Promise<void> | void

/**
 * Streams a CARv1 (roots = `roots`) holding every block of every root's DAG to `sink`, depth
 * first, each block once. Every block is re-hashed before it is written, so a corrupt store
 * never yields a CAR that other IPFS nodes would reject. On failure the sink has received a
 * truncated CAR that must be discarded.
 * @throws MedledgerError BODY_NOT_FOUND / CID_MISMATCH for a missing or corrupt block, BAD_INPUT
 *   for a codec Helia cannot decode; whatever `sink` throws (the walk then stops); AbortError
 */
export async function exportCar (helia: CarSource, roots: CID[], sink: CarSink, options: AbortOptions = {}): Promise<void> {
  options.signal?.throwIfAborted()
  const { writer, out } = CarWriter.create(roots)
  // Aborted when the sink fails, so the walk stops at its next read instead of running on.
  const stop = new AbortController()
  const signal = options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal])

  const writing = (async () => {
    try {
      for await (const block of walk(helia, roots, { signal })) await writer.put(block)
    } finally {
      await writer.close()
    }
  })()

  let sinkFailed = false
  let sinkError: unknown
  for await (const chunk of out) {
    if (sinkFailed) continue // keep draining so the writer can finish and close
    try {
      await sink(chunk)
    } catch (err) {
      sinkFailed = true
      sinkError = err
      stop.abort(err)
    }
  }
  if (sinkFailed) {
    await writing.catch(() => {})
    throw sinkError
  }
  await writing
}

/** Every block reachable from `roots`, depth first (pre-order), each CID once. */
async function * walk (helia: CarSource, roots: CID[], options: AbortOptions): AsyncGenerator<{ cid: CID, bytes: Uint8Array }> {
  const seen = new Set<string>()
  const stack = [...roots].reverse()
  for (let cid = stack.pop(); cid !== undefined; cid = stack.pop()) {
    const key = cid.toString()
    if (seen.has(key)) continue
    seen.add(key)
    const bytes = await readVerifiedBlock(helia, cid, options)
    yield { cid, bytes }
    if (cid.code === raw.code) continue
    const links = [...createUnsafe({ cid, bytes, codec: await loadCodec(helia, cid) }).links()]
    for (let i = links.length - 1; i >= 0; i--) stack.push(links[i]![1])
  }
}

async function loadCodec (helia: CarSource, cid: CID): Promise<Awaited<ReturnType<CarSource['getCodec']>>> {
  try {
    return await helia.getCodec(cid.code)
  } catch (err) {
    throw makeError(`no codec for 0x${cid.code.toString(16)}`, 'BAD_INPUT', { cid: cid.toString() }, err)
  }
}
