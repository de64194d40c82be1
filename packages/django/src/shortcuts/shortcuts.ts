import { Http404 } from "../core/exceptions.ts";
import { ObjectDoesNotExist } from "../db/index.ts";
import type { HttpRequest } from "../http/request.ts";
import { HttpResponse, type ResponseInit } from "../http/response.ts";
import { HttpResponsePermanentRedirect, HttpResponseRedirect } from "../http/response-types.ts";
import { reverse } from "../urls/base.ts";
import { NoReverseMatch } from "../urls/exceptions.ts";
import { getTemplateEngine } from "./engine.ts";

/**
 * Renders a template (or the first existing of several) with `context` and the context
 * processors, into an `HttpResponse` (Django's `render`).
 *
 * @example
 * return render(request, "polls/index.html", { latestQuestionList });
 */
export async function render(
  request: HttpRequest,
  templateName: string | readonly string[],
  context: Record<string, unknown> = {},
  init: ResponseInit = {},
): Promise<HttpResponse> {
  const html = await renderToString(templateName, context, request);
  return new HttpResponse(html, init);
}

/**
 * Renders a template to a string (Django's `render_to_string`); with a request, the
 * context processors run too.
 *
 * @example
 * const text = await renderToString("emails/welcome.txt", { user });
 */
export async function renderToString(
  templateName: string | readonly string[],
  context: Record<string, unknown> = {},
  request?: HttpRequest,
): Promise<string> {
  const engine = getTemplateEngine(request?.settings);
  return engine.renderToString(templateName, context, request);
}

/** Something `redirect` can send the browser to. */
export type RedirectTarget =
  string | { getAbsoluteUrl(): string | Promise<string> } | { toString(): string };

/**
 * A redirect (302, or 301 with `{ permanent: true }` as the last argument) to a model (its
 * `getAbsoluteUrl()`), a URL name with arguments (reversed), or a URL (Django's `redirect`).
 *
 * @example
 * return redirect("polls:results", question.id);
 * return redirect(question);
 * return redirect("/polls/", { permanent: true });
 */
export async function redirect(
  to: RedirectTarget,
  ...rest: unknown[]
): Promise<HttpResponseRedirect | HttpResponsePermanentRedirect> {
  const last = rest[rest.length - 1];
  let permanent = false;
  if (isOptions(last)) {
    permanent = last.permanent === true;
    rest = rest.slice(0, -1);
  }
  const url = await resolveUrl(to, rest);
  return permanent ? new HttpResponsePermanentRedirect(url) : new HttpResponseRedirect(url);
}

function isOptions(value: unknown): value is { permanent?: boolean } {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.keys(value).length > 0 &&
    Object.keys(value).every((key) => key === "permanent")
  );
}

/**
 * The URL for a redirect target, as Django's `resolve_url`: a model's `getAbsoluteUrl()`,
 * a relative URL ("./", "../") as is, a reversible name (positional args, or one kwargs
 * object), else the text itself as a URL.
 *
 * @example
 * await resolveUrl("polls:detail", [3]); // "/polls/3/"
 */
export async function resolveUrl(
  to: RedirectTarget,
  args: readonly unknown[] = [],
): Promise<string> {
  if (typeof to === "object" && to !== null && "getAbsoluteUrl" in to) {
    return String(await to.getAbsoluteUrl());
  }
  const text = String(to);
  if (text.startsWith("./") || text.startsWith("../")) return text;
  try {
    const single = args.length === 1 ? args[0] : undefined;
    if (typeof single === "object" && single !== null && !Array.isArray(single)) {
      return reverse(text, { kwargs: single as Record<string, unknown> });
    }
    return reverse(text, { args });
  } catch (error) {
    if (!(error instanceof NoReverseMatch)) throw error;
    // Not a URL name: if it looks like a URL, use it; otherwise the name was wrong.
    if (!text.includes("/") && !text.includes(".")) throw error;
  }
  return text;
}

/** A model class, its manager, or a QuerySet: what the 404 shortcuts query. */
export type QuerySource<T> =
  { objects: { all(): QueryLike<T> }; name?: string } | { all(): QueryLike<T> } | QueryLike<T>;

/** The QuerySet methods the shortcuts and generic views use. */
export interface QueryLike<T> extends PromiseLike<T[]> {
  get(...conditions: Record<string, unknown>[]): Promise<T>;
  filter(...conditions: Record<string, unknown>[]): QueryLike<T>;
  all(): QueryLike<T>;
  count(): Promise<number>;
  slice(start: number, end?: number): QueryLike<T>;
  readonly model?: unknown;
}

/**
 * A fresh QuerySet from a model class, manager or QuerySet.
 *
 * @example
 * toQuerySet(Question).filter({ pubDate__lte: new Date() });
 */
export function toQuerySet<T>(source: QuerySource<T>): QueryLike<T> {
  if (typeof source === "function" || (typeof source === "object" && "objects" in source)) {
    return (source as { objects: { all(): QueryLike<T> } }).objects.all();
  }
  return (source as { all(): QueryLike<T> }).all();
}

function modelName(source: unknown, query: QueryLike<unknown>): string {
  const model = (query.model ?? source) as {
    getMeta?: () => { objectName: string };
    name?: string;
  };
  return model.getMeta?.().objectName ?? model.name ?? "object";
}

/**
 * The one object matching `conditions`, or `Http404` (Django's `get_object_or_404`);
 * `MultipleObjectsReturned` still propagates, as in Django.
 *
 * @example
 * const question = await getObjectOr404(Question, { pk: questionId });
 */
export async function getObjectOr404<T>(
  source: QuerySource<T>,
  ...conditions: Record<string, unknown>[]
): Promise<T> {
  const query = toQuerySet(source);
  try {
    return await query.get(...conditions);
  } catch (error) {
    if (error instanceof ObjectDoesNotExist) {
      throw new Http404(`No ${modelName(source, query)} matches the given query.`);
    }
    throw error;
  }
}

/**
 * The objects matching `conditions`, or `Http404` when there are none (Django's
 * `get_list_or_404`).
 *
 * @example
 * const choices = await getListOr404(Choice, { question: questionId });
 */
export async function getListOr404<T>(
  source: QuerySource<T>,
  ...conditions: Record<string, unknown>[]
): Promise<T[]> {
  const query = toQuerySet(source);
  const list = await (conditions.length > 0 ? query.filter(...conditions) : query);
  if (list.length === 0)
    throw new Http404(`No ${modelName(source, query)} matches the given query.`);
  return list;
}
