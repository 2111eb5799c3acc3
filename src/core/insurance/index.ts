/** Insurer programmes (pure): wearable and medication facts, completion, coverage split, enrolment typed data. */
export * from './days.ts'
export * from './wearable.ts'
export * from './plan.ts'
export * from './coverage.ts'
export * from './typed-data.ts'
