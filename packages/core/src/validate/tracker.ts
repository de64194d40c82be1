import { TsgiValidationError } from "./error.ts";
import type { Reporter } from "./report.ts";

/** A body the app returned and the server has not closed yet. */
export interface OpenBody {
  /** The request it answers, e.g. "GET". */
  readonly method: string;
  /** SCRIPT_NAME + PATH_INFO of that request. */
  readonly path: string;
}

const DUTY =
  "a server must call close() on every body exactly once, on every path (normal end, app error, client disconnect)";

/**
 * Remembers which bodies are still open. It holds only small records, never the bodies, so
 * a body the server dropped can still be garbage-collected and reported then — the
 * JavaScript counterpart of wsgiref's warning in `__del__`.
 */
export class BodyTracker {
  readonly #open = new Set<OpenBody>();
  readonly #reporter: Reporter;
  readonly #registry: FinalizationRegistry<OpenBody>;

  constructor(reporter: Reporter) {
    this.#reporter = reporter;
    this.#registry = new FinalizationRegistry((record) => {
      if (!this.#open.delete(record)) return;
      reporter.notify(
        new TsgiValidationError(
          "TSGI_E_BODY_NOT_CLOSED",
          `The body answering ${record.method} ${record.path} was garbage-collected without close() being called; ${DUTY}.`,
        ),
      );
    });
  }

  opened(body: object, record: OpenBody): void {
    this.#open.add(record);
    this.#registry.register(body, record, record);
  }

  closed(record: OpenBody): void {
    this.#open.delete(record);
    this.#registry.unregister(record);
  }

  list(): readonly OpenBody[] {
    return [...this.#open];
  }

  assertClosed(): void {
    const open = this.list();
    if (open.length === 0) return;
    const shown = open
      .slice(0, 5)
      .map((body) => `${body.method} ${body.path}`)
      .join(", ");
    const more = open.length > 5 ? ` and ${open.length - 5} more` : "";
    this.#reporter.violation(
      "TSGI_E_BODY_NOT_CLOSED",
      `${open.length} response bod${open.length === 1 ? "y is" : "ies are"} still open (${shown}${more}); ${DUTY}.`,
    );
  }
}
