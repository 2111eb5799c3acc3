import type { Migration } from './sqlite-db.ts'

/**
 * Schema of the record index, one numbered step at a time (see `migrate`).
 * Append new steps; never edit a shipped one. The index is a cache, so a step may also drop and
 * rebuild a table and leave the cursor at -1 to force a `medledger reindex`.
 */
export const recordIndexMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'records and cursor',
    sql: `
      CREATE TABLE records (
        record_id     TEXT    NOT NULL,
        version       INTEGER NOT NULL,
        patient_id    TEXT    NOT NULL,
        resource_type TEXT    NOT NULL,
        cid           TEXT    NOT NULL,
        entry_index   INTEGER NOT NULL,
        actor         TEXT    NOT NULL,
        anchored_at   INTEGER NOT NULL,
        codes         TEXT    NOT NULL, -- JSON array of 'system|code'
        effective     TEXT,             -- ISO date or dateTime, NULL when the resource has none
        PRIMARY KEY (record_id, version)
      ) STRICT;
      CREATE TABLE meta (key TEXT PRIMARY KEY, value ANY) STRICT;
      INSERT INTO meta (key, value) VALUES ('cursor', -1);
    `
  },
  {
    version: 2,
    name: 'query indexes',
    sql: `
      CREATE INDEX records_by_patient ON records (patient_id, resource_type, effective);
      CREATE INDEX records_by_entry ON records (entry_index, record_id);
    `
  },
  {
    version: 3,
    name: 'records by body CID (trustless gateway route)',
    sql: 'CREATE INDEX records_by_cid ON records (cid);'
  }
]
