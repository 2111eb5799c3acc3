import type { CustodialKeys } from '../ports/custodial-keys.ts'
import type { BodyStore } from '../ports/body-store.ts'
import type { RecordIndex } from '../ports/record-index.ts'
import type { RecordSpine } from '../spine/record-spine.ts'
import { CID } from 'multiformats/cid'

export interface ResealDeps {
  spine: RecordSpine
  index: RecordIndex
  bodies: BodyStore
  custodial: CustodialKeys
}

/**
 * After a custodial patient is claimed: every record whose latest version is still sealed to the custodial
 * key gets a new version with the same resource, sealed to the wallet key (the spine's ordinary write: new
 * DEK, new envelope, new ledger entry). Then the custodial key is destroyed, so the old versions open only
 * through the service's keystore copy. Rerunning after a crash finishes the job: versions already resealed
 * no longer open with the custodial key and are skipped. Returns how many records were resealed.
 * @throws MedledgerError from the spine (reads and writes) and the BodyStore
 */
export async function resealClaimedPatient (deps: ResealDeps, patientId: string, walletKey: Uint8Array, actor: string): Promise<number> {
  if (deps.custodial.publicKey(patientId) === undefined) return 0
  const rows = deps.index.byPatient(patientId, { latestOnly: true })
  let resealed = 0
  for (let at = 0; at < rows.length; at += 256) {
    const chunk = rows.slice(at, at + 256)
    const todo = []
    for (const row of chunk) {
      const envelope = await deps.bodies.get(CID.parse(row.cid))
      try {
        deps.custodial.open(patientId, envelope)
        todo.push(row)
      } catch { /* already sealed to the wallet key */ }
    }
    const resources = await deps.spine.readRows(todo)
    const inputs = todo.map((row, i) => {
      const resource = resources[i]
      if (resource instanceof Error) throw resource
      return { patient: { id: patientId, publicKey: walletKey }, resource, recordId: row.recordId }
    })
    await deps.spine.write(inputs, { actor })
    resealed += inputs.length
  }
  deps.custodial.destroy(patientId)
  return resealed
}
