import type { Migration } from '../../../adapters/sqlite/sqlite-db.ts'

/** The research store's migrations, oldest first (exported for the migration test). */
export const migrations: readonly Migration[] = [{
  version: 1,
  name: 'research corpus',
  sql: `
    CREATE TABLE share_requests (
      id TEXT PRIMARY KEY, patient_id TEXT NOT NULL, practitioner_id TEXT NOT NULL, record_ids TEXT NOT NULL,
      categories TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('OPEN', 'SHARED', 'DECLINED')), created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX share_requests_patient ON share_requests (patient_id, created_at);
    CREATE TABLE nonces (signer TEXT NOT NULL, nonce TEXT NOT NULL, PRIMARY KEY (signer, nonce)) STRICT;
    CREATE TABLE people (
      patient_id TEXT PRIMARY KEY, pseudonym TEXT NOT NULL UNIQUE,
      age_band TEXT NOT NULL, sex TEXT NOT NULL, region TEXT NOT NULL, occupation TEXT NOT NULL
    ) STRICT;
    CREATE TABLE copies (
      record_id TEXT PRIMARY KEY, pseudonym TEXT NOT NULL REFERENCES people (pseudonym), resource_type TEXT NOT NULL,
      codes TEXT NOT NULL, body TEXT NOT NULL, share_id TEXT NOT NULL
    ) STRICT;
    CREATE INDEX copies_pseudonym ON copies (pseudonym);
    CREATE TABLE shares (
      id TEXT PRIMARY KEY, request_id TEXT NOT NULL, patient_id TEXT NOT NULL, pseudonym TEXT NOT NULL, records INTEGER NOT NULL,
      rewarded INTEGER NOT NULL, entry_index INTEGER NOT NULL, shared_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX shares_patient ON shares (patient_id, shared_at);
    CREATE TABLE networks (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, practitioner_id TEXT NOT NULL, condition TEXT NOT NULL,
      age_band TEXT, occupation TEXT, created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE network_members (
      network_id TEXT NOT NULL REFERENCES networks (id), patient_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('INVITED', 'MEMBER')), PRIMARY KEY (network_id, patient_id)
    ) STRICT;
    CREATE TABLE relay_handles (patient_id TEXT PRIMARY KEY, handle TEXT NOT NULL UNIQUE, peer_contact INTEGER NOT NULL DEFAULT 0) STRICT;
    CREATE TABLE relay_messages (id TEXT PRIMARY KEY, from_handle TEXT NOT NULL, to_handle TEXT NOT NULL, body TEXT NOT NULL, sent_at INTEGER NOT NULL) STRICT;
    CREATE INDEX relay_to ON relay_messages (to_handle, sent_at);
    CREATE INDEX relay_from ON relay_messages (from_handle, sent_at);
  `
}, {
  version: 2,
  name: 'network aliases',
  // A member appears in a network under a random alias of that network, never their corpus pseudonym: the
  // doctor knows whom they invited, and must not be able to follow that person into the corpus.
  sql: `
    ALTER TABLE network_members ADD COLUMN alias TEXT;
    UPDATE network_members SET alias = 'n-' || lower(hex(randomblob(16))) WHERE alias IS NULL;
    CREATE UNIQUE INDEX network_members_alias ON network_members (alias);
  `
}, {
  version: 3,
  name: 'relay aliases',
  // recoveredPeers names a peer by an alias per condition, never by their handle: whoever learned a handle
  // (every correspondent does) cannot test it against the peer lists of other conditions.
  sql: `
    CREATE TABLE relay_aliases (
      alias TEXT PRIMARY KEY, handle TEXT NOT NULL REFERENCES relay_handles (handle), condition TEXT NOT NULL, UNIQUE (handle, condition)
    ) STRICT;
  `
}, {
  version: 4,
  name: 'release batches',
  // `copies` now holds released copies only (every existing row was visible already, so it stays as it is);
  // new copies and a person's new quasi-identifiers wait in the pending tables until a batch of at least k
  // people is released. A staging table rather than a flag on `copies`: a re-share of a released record must
  // leave the released version untouched until the batch, since replacing or hiding it at share time would be
  // the very signal the batches remove. Existing shares count as released at their share time.
  sql: `
    CREATE TABLE pending_copies (
      record_id TEXT PRIMARY KEY, pseudonym TEXT NOT NULL REFERENCES people (pseudonym), resource_type TEXT NOT NULL,
      codes TEXT NOT NULL, body TEXT NOT NULL, share_id TEXT NOT NULL
    ) STRICT;
    CREATE INDEX pending_copies_pseudonym ON pending_copies (pseudonym);
    CREATE TABLE pending_people (
      pseudonym TEXT PRIMARY KEY REFERENCES people (pseudonym),
      age_band TEXT NOT NULL, sex TEXT NOT NULL, region TEXT NOT NULL, occupation TEXT NOT NULL
    ) STRICT;
    ALTER TABLE shares ADD COLUMN released_at INTEGER;
    UPDATE shares SET released_at = shared_at;
  `
}]
