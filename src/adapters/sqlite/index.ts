export { openSqliteRecordIndex } from './sqlite-record-index.ts'
export { recordIndexMigrations } from './migrations.ts'
export { migrate, openDatabase, schemaVersion, transaction } from './sqlite-db.ts'
export type { Migration, OpenDatabaseOptions } from './sqlite-db.ts'
