import { createWriteStream, mkdirSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { canonicalJson } from '../core/canonical-json.ts'
import type { RecordIndex } from '../ports/record-index.ts'
import type { RecordSpine } from '../spine/record-spine.ts'
import type { ImportState } from '../ports/import-state.ts'

export interface NdjsonOutput {
  type: string
  file: string
  count: number
}

/**
 * FHIR Bulk Data style export of what a hospital may see: one `<Type>.ndjson` per resource type in `outDir`,
 * the latest version of each record, decrypted. "May see" is what the hospital
 * itself imported (the import state), whoever the record belongs to now. `types` limits the resource types.
 * @throws MedledgerError from the spine's reads; Error from node:fs
 */
export async function exportHospitalNdjson (deps: { spine: RecordSpine, index: RecordIndex, state: Pick<ImportState, 'hospitalRecords'> }, hospital: string,
  outDir: string, options: { types?: readonly string[], signal?: AbortSignal } = {}): Promise<NdjsonOutput[]> {
  mkdirSync(outDir, { recursive: true })
  const wanted = options.types === undefined || options.types.length === 0 ? undefined : new Set(options.types)
  const outputs: NdjsonOutput[] = []
  let current: { out: ReturnType<typeof createWriteStream>, output: NdjsonOutput } | undefined
  let batch: Array<{ type: string, recordId: string }> = []
  const finish = async (): Promise<void> => {
    if (current === undefined) return
    current.out.end()
    await once(current.out, 'finish')
    current = undefined
  }
  const drain = async (): Promise<void> => {
    const rows = batch.map((b) => deps.index.record(b.recordId)).filter((r) => r !== undefined)
    const resources = await deps.spine.readRows(rows)
    for (const [i, resource] of resources.entries()) {
      if (resource instanceof Error) continue // shredded since: nothing to export
      const type = rows[i]!.resourceType
      if (current?.output.type !== type) {
        await finish()
        const output = { type, file: join(outDir, `${type}.ndjson`), count: 0 }
        outputs.push(output)
        current = { out: createWriteStream(output.file), output }
      }
      if (!current.out.write(canonicalJson(resource) + '\n')) await once(current.out, 'drain')
      current.output.count++
    }
    batch = []
  }
  for await (const rec of deps.state.hospitalRecords(hospital)) {
    options.signal?.throwIfAborted()
    if (wanted !== undefined && !wanted.has(rec.type)) continue
    batch.push(rec)
    if (batch.length >= 256) await drain()
  }
  await drain()
  await finish()
  return outputs
}
