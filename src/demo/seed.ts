import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Wallet, getBytes } from 'ethers'
import type { Role, Services } from '../subgraphs/context.ts'
import { emergencyStore } from '../subgraphs/emergency/index.ts'
import { identityStore, signIn, siweChallenge } from '../subgraphs/identity/index.ts'
import { appendVerificationEntries } from '../subgraphs/identity/verification.ts'
import { uuid } from '../core/ids.ts'
import { demoHistory } from './resources.ts'

/** A demo user: throwaway wallet keys, kept in the data folder so `medledger token --as <alias>` works. */
export interface DemoUser {
  alias: string
  name: string
  roles: Role[]
  address: string
  accountId: string
  /** Demo only: a real wallet key never reaches the server. */
  privateKey: string
  patientId?: string
}

const FILE = 'demo-users.json'

/** The demo users of a data folder, or [] when it was never seeded. */
export function readDemoUsers (dataDir: string): DemoUser[] {
  const file = join(dataDir, FILE)
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as DemoUser[] : []
}

/**
 * On a fresh data folder (`create`): two hospitals with coordinates, two doctors, a hospital admin, three patients
 * (the first with a history of records written by her doctor and two emergency contacts), a researcher,
 * an insurer, an auditor and a regulator; both hospitals verified. Accounts are created through the real SIWE flow. Returns the text to print.
 * Otherwise only describes the demo users, if the folder has any; a folder never seeded stays as it is.
 */
export async function seedDemo (services: Services, create: boolean): Promise<string> {
  let users = readDemoUsers(services.dataDir)
  if (users.length === 0 && create) users = await createDemo(services)
  return users.length === 0 ? '' : describe(users)
}

async function createDemo (services: Services): Promise<DemoUser[]> {
  const ids = identityStore(services)
  const now = services.clock.now()
  const users: DemoUser[] = []
  const user = async (alias: string, name: string): Promise<DemoUser> => {
    const wallet = new Wallet('0x' + Buffer.from(services.rng.bytes(32)).toString('hex'))
    const challenge = siweChallenge(services, { address: wallet.address })
    const session = await signIn(services, { message: challenge.message, signature: await wallet.signMessage(challenge.message) })
    const u: DemoUser = { alias, name, roles: [], address: wallet.address, accountId: session.account.id, privateKey: wallet.privateKey }
    users.push(u)
    return u
  }

  const admin = await user('admin', 'Hospital administrator')
  const hospital = ids.createOrganization({ id: uuid(services.rng), name: 'Qingdao Demo Hospital', latitude: 36.0671, longitude: 120.3826, createdAt: now }, admin.accountId)
  const clinic = ids.createOrganization({ id: uuid(services.rng), name: 'Laoshan Demo Clinic', latitude: 36.1032, longitude: 120.469, createdAt: now }, admin.accountId)
  admin.roles.push('HOSPITAL_ADMIN')
  // demo hospitals are trusted from the start, as if a regulator had verified them
  for (const org of [hospital, clinic]) ids.setVerification({ organizationId: org.id, status: 'VERIFIED', actor: 'operator:demo', time: now })
  await appendVerificationEntries(services)

  for (const [alias, name] of [['dr-li', 'Dr. Li Wei'], ['dr-chen', 'Dr. Chen Jing']] as const) {
    const doc = await user(alias, name)
    ids.createPractitioner({ id: uuid(services.rng), accountId: doc.accountId, organizationId: hospital.id, name, registeredAt: now })
    doc.roles.push('PRACTITIONER')
  }

  for (const [alias, name] of [['alice', 'Alice (patient)'], ['bob', 'Bob (patient)'], ['carol', 'Carol (patient)']] as const) {
    const p = await user(alias, name)
    const account = ids.accountsByIds([p.accountId])[0]!
    p.patientId = uuid(services.rng)
    ids.createPatient({ id: p.patientId, accountId: p.accountId, publicKey: account.publicKey, registeredAt: now })
    p.roles.push('PATIENT')
  }
  for (const [alias, name, role] of [['researcher', 'Research institute', 'RESEARCHER'], ['insurer', 'Insurer', 'INSURER'], ['auditor', 'Auditor', 'AUDITOR'], ['regulator', 'Health authority', 'REGULATOR']] as const) {
    const u = await user(alias, name)
    ids.grantRole(u.accountId, role)
    u.roles.push(role)
  }

  const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((a) => users.find((u) => u.alias === a)!)
  const doctor = users.find((u) => u.alias === 'dr-li')!
  const publicKey = getBytes(ids.accountsByIds([alice!.accountId])[0]!.publicKey)
  if (services.data !== undefined) {
    await services.data.spine.write(
      demoHistory(alice!.patientId!, now).map((resource) => ({ patient: { id: alice!.patientId!, publicKey }, resource })),
      { actor: `account:${doctor.accountId}` }
    )
    await services.data.spine.flush()
  }
  await emergencyStore({ services }).setContacts(alice!.patientId!, [bob!.patientId!, carol!.patientId!], 2, { status: 'ACCEPTED' })

  const file = join(services.dataDir, FILE)
  writeFileSync(file, JSON.stringify(users, null, 2) + '\n', { mode: 0o600 })
  chmodSync(file, 0o600)
  return users
}

function describe (users: DemoUser[]): string {
  const width = Math.max(...users.map((u) => u.alias.length))
  const lines = users.map((u) => `  ${u.alias.padEnd(width)}  ${u.roles.join(', ').padEnd(15)}  ${u.address}${u.patientId === undefined ? '' : `  person ID ${u.patientId}`}`)
  return [
    'Demo users (throwaway wallets; keys in demo-users.json of the data folder):',
    ...lines,
    '',
    'Get a bearer token for one:  npm run medledger -- token --as alice',
    'Then send it as:             Authorization: Bearer <token>'
  ].join('\n')
}
