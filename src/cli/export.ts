import { createWriteStream, writeFileSync } from 'node:fs'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { makeError } from '../core/errors.ts'
import { exportHospitalNdjson, exportPatientBundle, exportPatientCar } from '../export/index.ts'
import { ImportStateStore, sqliteImportState } from '../import/index.ts'
import { openDataDir } from '../spine/data-dir.ts'
import type { CommonOptions } from './common.ts'
import { dataDirOf, print } from './common.ts'
import { join } from 'node:path'

export interface ExportCommandOptions extends CommonOptions {
  patient?: string
  hospital?: string
  format?: string
  out?: string
}

/**
 * `medledger export --patient <id> --format bundle|car --out FILE` (operator side: the service decrypts the
 * Bundle; the CAR holds only encrypted bodies and proofs) or `medledger export --hospital <id> --out DIR`
 * (NDJSON per resource type of what the hospital imported).
 * @throws MedledgerError BAD_INPUT for a missing or unknown option; what the export throws
 */
export async function exportCommand (options: ExportCommandOptions): Promise<number> {
  if (options.out === undefined) throw makeError('--out is required', 'BAD_INPUT')
  if ((options.patient === undefined) === (options.hospital === undefined)) throw makeError('give --patient or --hospital', 'BAD_INPUT')
  const format = options.format ?? (options.patient === undefined ? 'ndjson' : 'bundle')
  if (options.patient !== undefined && format !== 'bundle' && format !== 'car') throw makeError('--format must be bundle or car', 'BAD_INPUT')
  const dir = dataDirOf(options)
  const data = await openDataDir(dir)
  const out = resolve(options.out)
  try {
    if (options.hospital !== undefined) {
      const state = new ImportStateStore(join(dir, 'import.db'))
      try {
        const outputs = await exportHospitalNdjson({ spine: data.spine, index: data.index, state: sqliteImportState(state) }, options.hospital, out)
        print(options, outputs.map((o) => `${o.type}: ${o.count} → ${o.file}`).join('\n'), { output: outputs })
      } finally { state.close() }
    } else if (format === 'bundle') {
      const bundle = await exportPatientBundle(data, options.patient!, Date.now())
      writeFileSync(out, JSON.stringify(bundle) + '\n')
      print(options, `${String(bundle.total)} resources → ${out}`, { file: out, total: bundle.total })
    } else {
      const file = createWriteStream(out)
      const manifest = await exportPatientCar(data, options.patient!, Date.now(), async (chunk) => { if (!file.write(chunk)) await once(file, 'drain') })
      file.end()
      await once(file, 'finish')
      print(options, `${manifest.records.length} record versions → ${out}`, { file: out, records: manifest.records.length })
    }
    return 0
  } finally {
    await data.close()
  }
}
