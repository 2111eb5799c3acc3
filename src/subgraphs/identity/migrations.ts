import type { Migration } from '../../adapters/sqlite/sqlite-db.ts'

/**
 * Schema of the identity store (`identity.db`), one numbered step at a time (see `migrate`).
 * Identity is durable state, not a cache: append new steps, never edit or drop a shipped one.
 * Times are integer milliseconds since the Unix epoch; JSON columns hold arrays of enum names.
 */
export const identityMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, patients, organizations, practitioners, nonces, api keys',
    sql: `
      CREATE TABLE accounts (
        id         TEXT    PRIMARY KEY,
        address    TEXT    NOT NULL UNIQUE CHECK (address = lower(address)),
        public_key TEXT    NOT NULL,
        roles      TEXT    NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE patients (
        id            TEXT    PRIMARY KEY,
        account_id    TEXT    NOT NULL UNIQUE REFERENCES accounts (id),
        public_key    TEXT    NOT NULL,
        registered_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE organizations (
        id         TEXT    PRIMARY KEY,
        name       TEXT    NOT NULL,
        latitude   REAL,
        longitude  REAL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE organization_admins (
        organization_id TEXT NOT NULL REFERENCES organizations (id),
        account_id      TEXT NOT NULL REFERENCES accounts (id),
        PRIMARY KEY (organization_id, account_id)
      ) STRICT;
      CREATE INDEX organization_admins_by_account ON organization_admins (account_id);
      CREATE TABLE practitioners (
        id              TEXT PRIMARY KEY,
        account_id      TEXT NOT NULL UNIQUE REFERENCES accounts (id),
        organization_id TEXT NOT NULL REFERENCES organizations (id),
        name            TEXT NOT NULL
      ) STRICT;
      CREATE INDEX practitioners_by_organization ON practitioners (organization_id, name);
      CREATE TABLE siwe_nonces (
        nonce      TEXT    PRIMARY KEY,
        address    TEXT    NOT NULL,
        issued_at  INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at    INTEGER
      ) STRICT;
      CREATE INDEX siwe_nonces_by_expiry ON siwe_nonces (expires_at);
      CREATE TABLE api_keys (
        id              TEXT    PRIMARY KEY,
        organization_id TEXT    NOT NULL REFERENCES organizations (id),
        scopes          TEXT    NOT NULL,
        secret_hash     TEXT    NOT NULL,
        created_at      INTEGER NOT NULL,
        revoked_at      INTEGER
      ) STRICT;
    `
  },
  {
    version: 2,
    name: 'custodial patients (imported by a hospital before they have a wallet) and their claims',
    sql: `
      CREATE TABLE custodial_patients (
        id              TEXT    PRIMARY KEY,
        organization_id TEXT    NOT NULL,
        created_at      INTEGER NOT NULL,
        claim_code_hash TEXT    UNIQUE,
        claimed_by      TEXT    REFERENCES accounts (id),
        claimed_at      INTEGER
      ) STRICT;
    `
  },
  {
    version: 3,
    name: 'organization verification (with its ledger outbox) and practitioner registration times',
    sql: `
      ALTER TABLE organizations ADD COLUMN verification TEXT NOT NULL DEFAULT 'UNVERIFIED'
        CHECK (verification IN ('UNVERIFIED', 'VERIFIED', 'SUSPENDED'));
      ALTER TABLE organizations ADD COLUMN verification_changed_at INTEGER;
      ALTER TABLE organizations ADD COLUMN verification_changed_by TEXT;
      ALTER TABLE organizations ADD COLUMN verified_at INTEGER;
      -- Practitioners registered before this step count as long-standing (0 = the epoch).
      ALTER TABLE practitioners ADD COLUMN registered_at INTEGER NOT NULL DEFAULT 0;
      -- Every status change, in order; entry_index is set once its ledger entry is appended.
      CREATE TABLE organization_verifications (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        organization_id TEXT    NOT NULL REFERENCES organizations (id),
        status          TEXT    NOT NULL CHECK (status IN ('VERIFIED', 'SUSPENDED')),
        actor           TEXT    NOT NULL,
        reason          TEXT,
        time            INTEGER NOT NULL,
        entry_index     INTEGER
      ) STRICT;
      CREATE INDEX organization_verifications_unlogged ON organization_verifications (seq) WHERE entry_index IS NULL;
    `
  }
]
