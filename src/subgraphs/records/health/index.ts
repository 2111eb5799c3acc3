/**
 * Platform 1 derived figures (health score, medication checks, reviews, monitoring), merged into the records subgraph's resolvers by ../index.ts.
 */
export { HealthPatient } from './patient-fields.ts'
export { ReviewMutation, ReviewQuery } from './reviews.ts'
export { MonitoringQuery } from './monitoring.ts'
export { AdminMutation, AdminQuery, OrganizationRegion } from './admin.ts'
