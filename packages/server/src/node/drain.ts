import type { ServerResponse } from "node:http";

/**
 * Waiting for node's 'drain' on one response, created only when a write first returns false,
 * so a response that never fills node's buffer costs no listener and no promise.
 */
export class DrainWaiter {
  #pending: Promise<void> | undefined;
  #resolve: (() => void) | undefined;

  constructor(res: ServerResponse) {
    res.on("drain", this.settle);
  }

  /** Settles at the next 'drain' (or {@link settle}); one promise shared by every waiter. */
  wait(): Promise<void> {
    return (this.#pending ??= new Promise<void>((resolve) => {
      this.#resolve = resolve;
    }));
  }

  /** Releases the waiters: node drained, or the response is over and nothing will drain. */
  readonly settle = (): void => {
    const resolve = this.#resolve;
    this.#pending = undefined;
    this.#resolve = undefined;
    resolve?.();
  };
}
