import type DataLoader from 'dataloader'
import type { SubgraphContext } from '../context.ts'
import { loader } from '../loaders.ts'
import { consentStore } from './store.ts'
import type { GrantRow } from './store.ts'

/**
 * Every grant of a patient (revoked included, newest first): DataLoader 'consent.grants', ONE store query per
 * batch of patients. Per request like every loader, so a revocation is seen by the very next request.
 */
export function grantsLoader (ctx: SubgraphContext): DataLoader<string, GrantRow[]> {
  return loader<string, GrantRow[]>(ctx, 'consent.grants', async (patientIds) => {
    const byPatient = await consentStore(ctx.services).grantsOf(patientIds)
    return patientIds.map((id) => byPatient.get(id) ?? [])
  })
}
