export { migratePostgres, openPool, postgresUrlFromEnv, withTransaction } from './pool.ts'
export type { PgMigration, Queryable } from './pool.ts'
export type { Pool as PgPool, PoolClient as PgClient } from 'pg'
export { emergencyMigrations, postgresEmergencyStore } from './emergency.ts'
