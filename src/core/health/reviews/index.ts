export { performanceOf, validateRating, PRIOR_MEAN, PRIOR_WEIGHT } from './performance.ts'
export type { Performance, PeriodStat, Review } from './performance.ts'
