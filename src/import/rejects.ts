import { createWriteStream, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { once } from 'node:events'
import { toOperationOutcome } from './outcome.ts'
import type { ImportIssue } from '../ports/import-state.ts'

/**
 * Writes a job's issues (rejects and warnings) to `file` as OperationOutcome NDJSON, in file and line order,
 * replacing what was there. Returns how many lines were written.
 * @throws Error from node:fs when the file cannot be written
 */
export async function writeRejectsFile (state: { issues(jobId: string, offset: number, limit: number): ImportIssue[] | Promise<ImportIssue[]> }, jobId: string, file: string): Promise<number> {
  mkdirSync(dirname(file), { recursive: true })
  const out = createWriteStream(file)
  let n = 0
  for (let offset = 0; ; offset += 1000) {
    const page = await state.issues(jobId, offset, 1000)
    for (const issue of page) {
      if (!out.write(JSON.stringify(toOperationOutcome(issue)) + '\n')) await once(out, 'drain')
      n++
    }
    if (page.length < 1000) break
  }
  out.end()
  await once(out, 'finish')
  return n
}
