/**
 * Counts backend calls (one per DataLoader batch or store query), so tests and benchmarks can show that a
 * list of 50 costs the same number of batches as a list of 1.
 */
export class Metrics {
  private readonly counts = new Map<string, number>()

  count (name: string, n = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n)
  }

  get (name: string): number {
    return this.counts.get(name) ?? 0
  }

  snapshot (): Record<string, number> {
    return Object.fromEntries(this.counts)
  }

  reset (): void {
    this.counts.clear()
  }
}
