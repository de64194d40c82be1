import type { HttpRequest } from "../http/request.ts";

/** Adds variables to every template rendered with a request (Django's context processors). */
export type ContextProcessor = (
  request: HttpRequest,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** A `context_processors` entry: a function or one of the built-in names. */
export type ContextProcessorEntry = ContextProcessor | string;
