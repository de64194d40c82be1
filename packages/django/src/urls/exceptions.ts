import { DjangoError, Http404 } from "../core/exceptions.ts";

/** One tried route: the chain of patterns from the root URLconf down to the one that failed. */
export type TriedRoute = readonly { describe(): string }[];

/**
 * No pattern matched the path: a 404 that knows what was tried (the DEBUG 404 page lists it).
 *
 * @example
 * try { resolve("/nope/"); } catch (error) { if (error instanceof Resolver404) error.tried; }
 */
export class Resolver404 extends Http404 {
  readonly tried: TriedRoute[];
  readonly path: string;
  constructor(path: string, tried: TriedRoute[]) {
    super(`No URL pattern matches '${path}'`, "DJANGO_E_RESOLVER404");
    this.path = path;
    this.tried = tried;
  }
}

/**
 * `reverse()` found no pattern for the name and arguments; the message lists what was tried.
 *
 * @example
 * reverse("polls:missing"); // throws NoReverseMatch
 */
export class NoReverseMatch extends DjangoError {
  constructor(message: string) {
    super("DJANGO_E_NO_REVERSE_MATCH", message);
  }
}
