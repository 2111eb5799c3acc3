/**
 * Test support for the subgraph suites (never imported by production code): real services in a temp folder,
 * subgraph schemas built as the gateway builds them, hand-made viewers, and patients registered with a
 * minimal insert into `identity.db` (the table layout patient-keys.ts reads), so tests do not depend on the
 * identity subgraph.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { Wallet } from 'ethers'
import { graphql } from 'graphql'
import type { ExecutionResult, GraphQLSchema } from 'graphql'
import type { ApiScope, Role, Services, SubgraphContext, Viewer } from '../context.ts'
import { formatError } from '../errors.ts'
import { openServices } from '../services.ts'
import { subgraphSchema } from '../subgraph.ts'
import type { SubgraphModule } from '../subgraph.ts'

export interface TestPatient {
  id: string
  /** The patient's wallet (same private key): signs consent typed data. */
  wallet: Wallet
  privateKey: Uint8Array
  /** Compressed public key. */
  publicKey: Uint8Array
  viewer: Viewer
}

/** A query's answer with the public error codes (`extensions.code` after formatError). */
export interface TestResult extends ExecutionResult {
  codes: string[]
}

export interface Harness {
  services: Services & { close(): Promise<void> }
  dir: string
  /** Runs `source` against one subgraph's schema as `viewer`, with a fresh per-request context. */
  run(module: SubgraphModule, source: string, options?: { viewer?: Viewer, variables?: Record<string, unknown> }): Promise<TestResult>
  /** Registers a patient in identity.db (public key stored as 0x hex, as identity does) with its wallet's account. */
  registerPatient(label: string): TestPatient
  close(): Promise<void>
}

/** Opens real services (Helia, SQLite, embedded ledger; no seal timer) in a fresh temp folder. */
export async function openHarness (): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'medledger-subgraphs-'))
  const services = await openServices({ dataDir: dir, ownsData: true, sealIntervalMs: 0, fsync: false })
  const identity = new DatabaseSync(join(dir, 'identity.db'))
  identity.exec('CREATE TABLE IF NOT EXISTS patients (id TEXT PRIMARY KEY, account_id TEXT NOT NULL UNIQUE, public_key TEXT NOT NULL, registered_at INTEGER NOT NULL) STRICT')
  identity.exec('CREATE TABLE IF NOT EXISTS accounts (id TEXT PRIMARY KEY, address TEXT NOT NULL UNIQUE) STRICT')
  const schemas = new Map<string, GraphQLSchema>()
  let requests = 0
  return {
    services,
    dir,
    async run (module, source, options = {}) {
      let schema = schemas.get(module.name)
      if (schema === undefined) {
        schema = schemaOf(module)
        schemas.set(module.name, schema)
      }
      const contextValue: SubgraphContext = { viewer: options.viewer ?? { kind: 'anonymous' }, requestId: `test-${++requests}`, services, loaders: new Map() }
      const result = await graphql({ schema, source, contextValue, variableValues: options.variables })
      const codes = (result.errors ?? []).map((e) => String(formatError(e.toJSON(), e).extensions?.code))
      return { ...result, codes }
    },
    registerPatient (label) {
      const privateKey = sha256(new TextEncoder().encode(`medledger subgraph test ${label}`))
      const publicKey = secp256k1.getPublicKey(privateKey, true)
      const id = `patient-${label}`
      const wallet = new Wallet('0x' + Buffer.from(privateKey).toString('hex'))
      identity.prepare('INSERT INTO patients (id, account_id, public_key, registered_at) VALUES (?, ?, ?, ?)')
        .run(id, `acct-${label}`, '0x' + Buffer.from(publicKey).toString('hex'), Date.now())
      identity.prepare('INSERT INTO accounts (id, address) VALUES (?, ?)').run(`acct-${label}`, wallet.address.toLowerCase())
      return { id, wallet, privateKey, publicKey, viewer: accountViewer(label, ['PATIENT'], id) }
    },
    async close () {
      identity.close()
      await services.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** The schema of a subgraph module, built from its SDL file as the gateway does. */
export function schemaOf (module: SubgraphModule): GraphQLSchema {
  return subgraphSchema(module)
}

/**
 * A signed-in account viewer with the given roles (and patient id). A PRACTITIONER works for the verified
 * organization `org-1` (the API keys' organization too), as in a real deployment.
 */
export function accountViewer (label: string, roles: Role[], patientId?: string): Viewer {
  const practises = roles.includes('PRACTITIONER') ? { practitionerOrganizationId: 'org-1', organizationIds: ['org-1'], verifiedOrganizationIds: ['org-1'] } : { organizationIds: [], verifiedOrganizationIds: [] }
  const viewer: Viewer = { kind: 'account', accountId: `acct-${label}`, address: '0x' + '0'.repeat(40), roles, ...practises, ...(patientId === undefined ? {} : { patientId }) }
  return viewer
}

/** A hospital API key viewer with the given scopes. */
export function apiKeyViewer (keyId: string, scopes: ApiScope[]): Viewer {
  return { kind: 'apiKey', keyId, organizationId: 'org-1', scopes, organizationVerified: true }
}

/** A small FHIR R4 Observation (LOINC heart rate) for `patientId`. */
export function observation (patientId: string, value = 72, effective = '2024-05-01T10:00:00Z'): Record<string, unknown> {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: effective,
    valueQuantity: { value, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' }
  }
}
