/** Tuning of {@link CrashGuard}. */
export interface CrashGuardOptions {
  /** A worker that dies before it listens, or within this many ms after, died "young". */
  youngMs?: number;
  /** Delay before the respawn that follows the second young death in a row. */
  baseDelayMs?: number;
  /** The delay doubles with every further young death, up to this. */
  maxDelayMs?: number;
}

/** Defaults: a worker that lived 2 s after listening was healthy; delays 100 ms … 10 s. */
export const CRASH_GUARD_DEFAULTS: Required<CrashGuardOptions> = {
  youngMs: 2_000,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
};

/**
 * The crash-loop guard of the cluster primary. A dead worker is replaced at once, but when
 * workers keep dying right after they start (the app throws at import, a dependency is down),
 * forking again at once only burns CPU and floods the log: from the second young death in a
 * row, each respawn waits twice as long as the one before (100 ms, 200 ms, 400 ms … 10 s).
 * A worker forked after the latest young death that stays up `youngMs` after listening ends
 * the streak (a worker that was already up before the loop began proves nothing).
 *
 * @example
 * const guard = new CrashGuard();
 * guard.delayAfterExit(undefined); // 0: one worker that failed to boot is retried at once
 * guard.delayAfterExit(50); // 100: a second one in a row waits
 * guard.delayAfterExit(50); // 200
 * guard.healthy(performance.now()); // a worker forked now stayed up: back to "at once"
 */
export class CrashGuard {
  readonly #options: Required<CrashGuardOptions>;
  #streak = 0;
  #lastYoungDeathAt = Number.NEGATIVE_INFINITY;

  constructor(options: CrashGuardOptions = {}) {
    this.#options = { ...CRASH_GUARD_DEFAULTS, ...options };
  }

  /** Young deaths in a row so far. */
  get streak(): number {
    return this.#streak;
  }

  /** The age under which a death counts as young, for callers that arm a "healthy" timer. */
  get youngMs(): number {
    return this.#options.youngMs;
  }

  /**
   * Records the death of a worker that was not asked to stop and returns how long to wait
   * before forking its replacement. `listenedForMs` is how long it had been listening, or
   * `undefined` when it died before it listened; `now` is on the clock of `healthy`'s
   * `forkedAt` (`performance.now()` by default).
   */
  delayAfterExit(listenedForMs: number | undefined, now = performance.now()): number {
    const young = listenedForMs === undefined || listenedForMs < this.#options.youngMs;
    if (!young) {
      this.#streak = 0;
      return 0;
    }
    this.#lastYoungDeathAt = now;
    this.#streak += 1;
    if (this.#streak === 1) return 0;
    const { baseDelayMs, maxDelayMs } = this.#options;
    // 2 ** 30 already dwarfs any sane maxDelayMs; the cap keeps the arithmetic finite.
    return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(this.#streak - 2, 30));
  }

  /**
   * A worker forked at `forkedAt` has been listening for `youngMs`: if it was forked after the
   * latest young death, the crash loop is over.
   */
  healthy(forkedAt: number): void {
    if (forkedAt >= this.#lastYoungDeathAt) this.#streak = 0;
  }
}
