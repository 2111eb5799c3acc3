/**
 * The embedded default of the EmergencyStore port: the synchronous `emergency.db` tables of store.ts, each
 * method lifted into a Promise (behaviour and errors unchanged; a synchronous throw becomes a rejection).
 */
import type { AidState, EmergencyStore, FieldState, ReviewState, WebhookState } from '../../ports/emergency-store.ts'
import type { EmergencyStore as EmergencyTables } from './store.ts'
import { lift } from '../../adapters/sqlite/lift.ts'

/** The port over an open `emergency.db` (closing the port closes the file). */
export function sqliteEmergencyStore (tables: EmergencyTables): EmergencyStore {
  const { aid: a, field: f, webhooks: w, reviews: r } = tables
  const aid: AidState = {
    openRequest: lift(a.openRequest.bind(a)),
    recentRequests: lift(a.recentRequests.bind(a)),
    request: lift(a.request.bind(a)),
    addResponse: lift(a.addResponse.bind(a)),
    responses: lift(a.responses.bind(a)),
    spend: lift(a.spend.bind(a)),
    addContract: lift(a.addContract.bind(a)),
    closeContract: lift(a.closeContract.bind(a)),
    contract: lift(a.contract.bind(a)),
    contractsOf: lift(a.contractsOf.bind(a)),
    addBreakGlass: lift(a.addBreakGlass.bind(a)),
    breakGlass: lift(a.breakGlass.bind(a)),
    inbox: lift(a.inbox.bind(a))
  }
  const field: FieldState = {
    open: lift(f.open.bind(f)),
    recent: lift(f.recent.bind(f)),
    get: lift(f.get.bind(f)),
    accept: lift(f.accept.bind(f)),
    unaccept: lift(f.unaccept.bind(f))
  }
  const webhooks: WebhookState = {
    setUrl: lift(w.setUrl.bind(w)),
    urlsOf: lift(w.urlsOf.bind(w)),
    due: lift(w.due.bind(w)),
    delivered: lift(w.delivered.bind(w)),
    failed: lift(w.failed.bind(w))
  }
  const reviews: ReviewState = {
    queue: lift(r.queue.bind(r)),
    review: lift(r.review.bind(r)),
    add: lift(r.add.bind(r))
  }
  return {
    setContacts: lift(tables.setContacts.bind(tables)),
    contactsOf: lift(tables.contactsOf.bind(tables)),
    answerRole: lift(tables.answerRole.bind(tables)),
    aid,
    field,
    webhooks,
    reviews,
    close: lift(tables.close.bind(tables))
  }
}
