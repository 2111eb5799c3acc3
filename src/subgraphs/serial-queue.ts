/**
 * Runs async tasks of one process one at a time, in call order. A store whose operations read, append to the
 * ledger and then write (check-then-act) keeps one, so two requests cannot interleave between the check and
 * the write. A failing task rejects its own caller only; the tasks after it still run.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve()

  /** Runs `fn` once every task queued before it has settled; resolves or rejects as `fn` does. */
  async run<T> (fn: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(fn, fn)
    this.#tail = run.catch(() => undefined)
    return run
  }
}
