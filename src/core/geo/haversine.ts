/**
 * Great-circle distance by the haversine formula on a sphere of the mean Earth radius (IUGG R1 = 6,371,008.8 m),
 * and nearest-first ordering of places. Pure: WGS 84 degrees in, metres out.
 */

/** Mean Earth radius, metres (IUGG R1). */
export const EARTH_RADIUS_M = 6_371_008.8

/** A point in WGS 84 degrees. */
export interface LatLon { latitude: number, longitude: number }

/**
 * The haversine distance between two points, metres.
 * @throws RangeError for a latitude outside [-90, 90], a longitude outside [-180, 180] or a non-finite value
 */
export function haversineMeters (a: LatLon, b: LatLon): number {
  check(a)
  check(b)
  const rad = Math.PI / 180
  const dLat = (b.latitude - a.latitude) * rad
  const dLon = (b.longitude - a.longitude) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * `places` ordered by distance from `from`, nearest first (ties by id), each with its distance in metres.
 * @throws RangeError for an invalid coordinate (see haversineMeters)
 */
export function nearestFirst<T extends LatLon & { id: string }> (from: LatLon, places: readonly T[]): Array<T & { distanceMeters: number }> {
  return places.map((p) => ({ ...p, distanceMeters: haversineMeters(from, p) }))
    .sort((x, y) => x.distanceMeters - y.distanceMeters || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
}

function check (p: LatLon): void {
  if (!Number.isFinite(p.latitude) || !Number.isFinite(p.longitude) || Math.abs(p.latitude) > 90 || Math.abs(p.longitude) > 180) {
    throw new RangeError('latitude must be in [-90, 90] and longitude in [-180, 180] degrees')
  }
}
