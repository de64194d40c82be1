// For middleware that must see the body before choosing the response head (compress, etag):
// the inner app's startResponse is recorded, and the outer one called only when the middleware
// commits — after the app returned, or at the app's first `write()`, whichever comes first.
import type { HeaderList, StartResponse, Write } from "@tsgi/core";
import { MiddlewareError, MiddlewareErrorCodes } from "../errors.ts";

/** What a middleware decides when it must commit without seeing the body (a `write()`). */
export interface WriteDecision {
  status: string;
  headers: HeaderList;
  /** Rewrites each written chunk (compress), or undefined to forward chunks as they are. */
  transform?: (chunk: Uint8Array) => Promise<Uint8Array>;
}

/** The recorded head of the inner app's response. */
export interface RecordedHead {
  status: string;
  headers: HeaderList;
}

/** Records the inner app's `startResponse` and calls the outer one when told to. */
export class DeferredStart {
  readonly #outer: StartResponse;
  readonly #decide: (head: RecordedHead, replacing: boolean) => WriteDecision;
  #head: RecordedHead | undefined;
  #excInfo: unknown;
  #committed = false;
  #outerWrite: Write | undefined;
  #transform: ((chunk: Uint8Array) => Promise<Uint8Array>) | undefined;

  /**
   * `decide` chooses the head to send without seeing the body: at the app's first `write()`
   * (`replacing` false), or when the app replaces a head already committed with excInfo
   * (`replacing` true).
   */
  constructor(
    outer: StartResponse,
    decide: (head: RecordedHead, replacing: boolean) => WriteDecision,
  ) {
    this.#outer = outer;
    this.#decide = decide;
  }

  /** The head the inner app gave, if it called startResponse yet. */
  get head(): RecordedHead | undefined {
    return this.#head;
  }

  /** True once the outer startResponse was called. */
  get committed(): boolean {
    return this.#committed;
  }

  /** The `startResponse` to hand the inner app. */
  readonly startResponse: StartResponse = (status, headers, excInfo) => {
    if (this.#head !== undefined && excInfo === undefined) {
      throw new MiddlewareError(
        MiddlewareErrorCodes.START_RESPONSE_TWICE,
        "startResponse called a second time without excInfo",
      );
    }
    this.#head = { status, headers };
    if (!this.#committed) {
      this.#excInfo = excInfo;
      return this.write;
    }
    // Replacing a committed head: the outer call throws excInfo if its headers are out already.
    const decision = this.#decide(this.#head, true);
    this.#transform = decision.transform;
    this.#outerWrite = this.#outer(decision.status, decision.headers, excInfo);
    return this.write;
  };

  /** The `write` the inner app gets: commits with the write decision on first use. */
  readonly write: Write = async (chunk) => {
    if (!this.#committed) {
      if (this.#head === undefined) {
        throw new MiddlewareError(
          MiddlewareErrorCodes.NO_START_RESPONSE,
          "write() called before startResponse",
        );
      }
      const decision = this.#decide(this.#head, false);
      this.#transform = decision.transform;
      this.commit(decision.status, decision.headers);
    }
    const out = this.#transform === undefined ? chunk : await this.#transform(chunk);
    await this.#outerWrite!(out);
  };

  /** Calls the outer startResponse once with the chosen head (and the app's excInfo). */
  commit(status: string, headers: HeaderList): void {
    if (this.#committed) return;
    this.#committed = true;
    this.#outerWrite = this.#outer(status, headers, this.#excInfo);
  }
}
