// The reference patient portal: sign in with the injected wallet (SIWE), list records with their proofs
// checked here in the browser, grant and revoke consent (EIP-712), see who read what.
import { ApiCallError, execute } from './api.ts'
import { AccessLog, Challenge, Grants, Me, Records, GrantConsent, GrantToSign, Refresh, RegisterPatient, RevocationToSign, RevokeGrant, SignIn } from './documents.ts'
import type { PortalAccessLogQuery, PortalGrantsQuery, PortalRecordsQuery, PurposeOfUse } from './gql/graphql.ts'
import { checkAnchor } from './verify.ts'
import { injectedWallet, personalSign, requestAccount, signTypedData } from './wallet.ts'

interface Config { gateway: string, ledgerSigner?: string }
interface Session { token: string, address: string, patientId?: string }

const REFRESH_EVERY_MS = 10 * 60_000
let config: Config
let session: Session | undefined

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T

/** An element with text (never HTML) and attributes. */
function el (tag: string, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElement {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v)
  for (const c of children) node.append(c)
  return node
}

function status (text: string, isError = false): void {
  const s = $('status')
  s.textContent = text
  s.className = isError ? 'error' : ''
}

async function call<R, V> (doc: Parameters<typeof execute<R, V>>[2], variables: V): Promise<R> {
  return execute(config.gateway, session?.token, doc, variables)
}

async function signInWithWallet (): Promise<void> {
  const wallet = injectedWallet()
  const address = await requestAccount(wallet)
  status('Sign the message in your wallet…')
  const { siweChallenge } = await call(Challenge, { address })
  const signature = await personalSign(wallet, address, siweChallenge.message)
  const { signIn } = await call(SignIn, { message: siweChallenge.message, signature })
  session = { token: signIn.token, address: signIn.account.address }
  // The patient link is shown to the account itself, so it is asked with the new token.
  const { me } = await call(Me, {})
  if (me?.patient) session.patientId = me.patient.id
  setInterval(() => { void refresh() }, REFRESH_EVERY_MS)
  $('who').textContent = signIn.account.address
  document.body.dataset.signedIn = 'true'
  await show()
}

async function refresh (): Promise<void> {
  if (session === undefined) return
  const { refreshSession } = await call(Refresh, {})
  session.token = refreshSession.token
}

async function register (): Promise<void> {
  const { registerPatient } = await call(RegisterPatient, {})
  // A new token carries the patient role.
  session = undefined
  status(`Registered as patient ${registerPatient.id}; sign in again.`)
}

type PatientView = NonNullable<PortalRecordsQuery['patient']> & NonNullable<PortalGrantsQuery['patient']> & NonNullable<PortalAccessLogQuery['patient']>

/** Loads everything; polls a few times while some record is not sealed in a block yet. */
async function show (): Promise<void> {
  if (session?.patientId === undefined) {
    $('register').hidden = false
    status('This wallet is not a registered patient yet.')
    return
  }
  const patient = session.patientId
  for (let attempt = 0; attempt < 20; attempt++) {
    const [records, grants, log] = await Promise.all([call(Records, { patient }), call(Grants, { patient }), call(AccessLog, { patient })])
    if (!records.patient || !grants.patient || !log.patient) throw new Error('patient not found')
    const pending = render({ ...records.patient, ...grants.patient, ...log.patient })
    if (!pending) break
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  status('Ready.')
}

/** Draws the three panels; true when a record awaits its block. */
function render (patient: PatientView): boolean {
  let pending = false
  const rows = patient.records.edges.map(({ node }) => {
    const check = checkAnchor(node, node.anchor, config.ledgerSigner)
    if (!check.ok && check.reason === 'not sealed yet') pending = true
    const proof = check.ok ? `✓ verified (block ${node.anchor.block?.height}, signer ${check.signer.slice(0, 10)}…)` : `✗ ${check.reason}`
    return el('tr', { class: 'record', 'data-verified': String(check.ok), 'data-id': node.id },
      el('td', {}, node.resourceType), el('td', {}, String(node.version)), el('td', {}, node.effective ?? ''), el('td', { class: check.ok ? 'ok' : 'bad' }, proof))
  })
  $('records').replaceChildren(...rows)
  $('record-count').textContent = String(patient.records.totalCount)

  const grants = patient.grants.map((g) => {
    const item = el('li', { class: 'grant', 'data-status': g.status, 'data-id': g.id }, `${g.status} · ${describeProvision(g.provision)} · since ${g.grantedAt.slice(0, 19)}Z `)
    if (g.status === 'ACTIVE') {
      const button = el('button', { class: 'revoke' }, 'Revoke')
      button.addEventListener('click', () => { void guarded(() => revoke(g.id)) })
      item.append(button)
    }
    return item
  })
  $('grants').replaceChildren(...grants)

  const log = patient.accessLog.map((e) => el('tr', { class: 'access', 'data-decision': e.decision },
    el('td', {}, e.time.slice(0, 19) + 'Z'), el('td', {}, e.actor), el('td', {}, e.purpose), el('td', {}, e.decision), el('td', {}, String(e.recordIds.length))))
  $('access-log').replaceChildren(...log)
  return pending
}

function describeProvision (provision: unknown): string {
  const p = provision as { type?: string, actors?: Array<{ kind: string, id?: string }>, purposes?: string[] }
  const actors = (p.actors ?? []).map((a) => `${a.kind.toLowerCase()} ${a.id ?? ''}`.trim()).join(', ')
  return `${p.type ?? ''} ${actors} for ${(p.purposes ?? ['any purpose']).join(', ')}`
}

async function grant (): Promise<void> {
  const kind = $<HTMLSelectElement>('grantee-kind').value as 'PRACTITIONER' | 'ORGANIZATION' | 'ACCOUNT'
  const id = $<HTMLInputElement>('grantee-id').value.trim()
  const purpose = $<HTMLSelectElement>('grant-purpose').value as PurposeOfUse
  if (id === '' || session?.patientId === undefined) throw new Error('name who the grant is for')
  const { grantToSign } = await call(GrantToSign, { input: { patientId: session.patientId, provision: { type: 'PERMIT', actors: [{ kind, id }], purposes: [purpose] } } })
  status('Sign the grant in your wallet…')
  const signature = await signTypedData(injectedWallet(), session.address, grantToSign.typedData)
  await call(GrantConsent, { typedData: grantToSign.typedData, signature })
  await show()
}

async function revoke (grantId: string): Promise<void> {
  if (session === undefined) return
  const { revocationToSign } = await call(RevocationToSign, { grantId })
  status('Sign the revocation in your wallet…')
  const signature = await signTypedData(injectedWallet(), session.address, revocationToSign.typedData)
  await call(RevokeGrant, { typedData: revocationToSign.typedData, signature })
  await show()
}

async function guarded (fn: () => Promise<void>): Promise<void> {
  try {
    await fn()
  } catch (err) {
    status(err instanceof ApiCallError ? `${err.code ?? 'ERROR'}: ${err.message}` : (err as Error).message, true)
  }
}

async function start (): Promise<void> {
  config = await (await fetch('/config.json')).json() as Config
  $('gateway').textContent = config.gateway
  $('signin').addEventListener('click', () => { void guarded(signInWithWallet) })
  $('register').addEventListener('click', () => { void guarded(register) })
  $('grant').addEventListener('click', () => { void guarded(grant) })
  $('refresh-log').addEventListener('click', () => { void guarded(show) })
  status('Connect your wallet to sign in.')
}

void guarded(start)
