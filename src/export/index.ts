/** Exports: a patient's record as a FHIR Bundle or a verifiable CAR; a hospital's NDJSON per resource type. */
export { exportPatientBundle } from './patient-bundle.ts'
export { exportPatientCar, PATIENT_EXPORT_FORMAT } from './patient-car.ts'
export type { PatientExportManifest } from './patient-car.ts'
export { exportHospitalNdjson } from './hospital-ndjson.ts'
export type { NdjsonOutput } from './hospital-ndjson.ts'
export { deleteExportJob, exportJob, startExportJob } from './jobs.ts'
export type { ExportJobDeps, ExportJobRow } from './jobs.ts'
