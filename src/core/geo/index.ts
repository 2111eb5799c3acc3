/** Pure geography: haversine distance and nearest-first ordering. */
export { EARTH_RADIUS_M, haversineMeters, nearestFirst } from './haversine.ts'
export type { LatLon } from './haversine.ts'
