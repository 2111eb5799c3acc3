import { join } from 'node:path'
import { openCustodialKeys } from '../adapters/custodial-file/custodial-keys.ts'
import { fromHex } from '../core/hex.ts'
import type { Clock, Rng } from '../core/types.ts'
import type { CustodialKeys } from '../ports/custodial-keys.ts'
import type { CustodialPatients, OpenCustodialPatients } from '../ports/custodial-patients.ts'
import { systemClock, systemRng } from '../ports/clock.ts'
import { dataPaths } from '../spine/data-dir.ts'
import type { DataDir } from '../spine/data-dir.ts'
import type { ImportDeps, PatientDirectory } from './importer.ts'
import { ImportStateStore, sqliteImportState } from './state-store.ts'

/** The import stores of a data folder: `import.db`, `keys/custodial.*`, the custodial part of `identity.db`. */
export interface ImportStores {
  state: ImportStateStore
  custodial: CustodialKeys
  patients: CustodialPatients
  close(): void
}

/**
 * Opens the import stores of a data folder. The custodial patients live in the identity store, which the
 * importer reaches only through its port: `openPatients` is the identity subgraph's
 * `openCustodialPatients`, passed in by the caller.
 * @throws Error from node:sqlite / node:fs when a store cannot be opened
 */
export function openImportStores (dataDir: string, options: { openPatients: OpenCustodialPatients, rng?: Rng }): ImportStores {
  const custodial = openCustodialKeys({ dir: dataPaths(dataDir).keys, rng: options.rng ?? systemRng })
  const state = new ImportStateStore(join(dataDir, 'import.db'))
  const patients = options.openPatients(join(dataDir, 'identity.db'))
  return { state, custodial, patients, close () { state.close(); custodial.close(); patients.close() } }
}

/** The patient directory the importer needs, over the identity store's custodial view. */
export function patientDirectory (patients: CustodialPatients): PatientDirectory {
  return {
    walletKey (patientId) {
      const hex = patients.walletKey(patientId)
      return hex === undefined ? undefined : fromHex(hex.replace(/^0x/i, ''))
    },
    registerCustodial: (patientId, hospital, now) => { patients.register({ id: patientId, organizationId: hospital, createdAt: now }) }
  }
}

/** Import dependencies from an open data folder and its import stores. */
export function importDeps (data: DataDir, stores: ImportStores, clock: Clock = systemClock): ImportDeps {
  return { spine: data.spine, index: data.index, state: sqliteImportState(stores.state), custodial: stores.custodial, patients: patientDirectory(stores.patients), clock }
}
