/**
 * Django's `SimpleTestCase`/`TestCase` assertions as plain functions: they throw node:assert's
 * `AssertionError`, so they work in any node:test test (inside `describeTestCase` or not).
 * Messages follow Django's wording, so a failure reads the same as in a Django project.
 */
import assert, { AssertionError } from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { countHtml, countText } from "./html.ts";

/** What the assertions read from a response (the test {@link Client}'s responses have it all). */
export interface AssertableResponse {
  statusCode: number;
  /** The body decoded as UTF-8. */
  readonly text: string;
  /** First value of a header, any case. */
  header(name: string): string | undefined;
  /** Names of the templates rendered while producing the response, outermost first. */
  readonly templates?: readonly string[];
  /** `[url, status]` of every redirect followed (`follow: true`), first first. */
  readonly redirectChain?: readonly (readonly [url: string, status: number])[];
  /** Fetches a URL with the client that produced this response (for `assertRedirects`). */
  fetchRedirect?(url: string): Promise<AssertableResponse>;
}

/** Options of {@link assertContains} and {@link assertNotContains}. */
export interface ContainsOptions {
  /** Exact number of occurrences expected (assertContains only); default: at least one. */
  count?: number;
  /** Expected status code (default 200). */
  status?: number;
  /** Compare as HTML (attribute order, whitespace and entities do not matter). */
  html?: boolean;
  /** Prefix for failure messages. */
  msgPrefix?: string;
}

function fail(message: string, msgPrefix?: string): never {
  throw new AssertionError({
    message: msgPrefix === undefined ? message : `${msgPrefix}: ${message}`,
  });
}

function occurrences(response: AssertableResponse, text: string, html: boolean): number {
  return html ? countHtml(response.text, text) : countText(response.text, text);
}

function checkStatus(response: AssertableResponse, status: number, msgPrefix?: string): void {
  if (response.statusCode !== status) {
    fail(
      `Couldn't retrieve content: Response code was ${response.statusCode} (expected ${status})`,
      msgPrefix,
    );
  }
}

/**
 * The response has `status` (default 200) and contains `text` — exactly `count` times when
 * given, at least once otherwise.
 *
 * @example
 * assertContains(response, "No polls are available.");
 * assertContains(response, "<li>Not much -- 0 votes</li>", { html: true, count: 1 });
 */
export function assertContains(
  response: AssertableResponse,
  text: string,
  options: ContainsOptions = {},
): void {
  checkStatus(response, options.status ?? 200, options.msgPrefix);
  const found = occurrences(response, text, options.html === true);
  if (options.count !== undefined) {
    if (found !== options.count) {
      fail(
        `Found ${found} instances of '${text}' in response (expected ${options.count})`,
        options.msgPrefix,
      );
    }
  } else if (found === 0) {
    fail(`Couldn't find '${text}' in the following response\n${response.text}`, options.msgPrefix);
  }
}

/**
 * The response has `status` (default 200) and does not contain `text`.
 *
 * @example
 * assertNotContains(response, "Future question.");
 */
export function assertNotContains(
  response: AssertableResponse,
  text: string,
  options: Omit<ContainsOptions, "count"> = {},
): void {
  checkStatus(response, options.status ?? 200, options.msgPrefix);
  if (occurrences(response, text, options.html === true) !== 0) {
    fail(
      `'${text}' unexpectedly found in the following response\n${response.text}`,
      options.msgPrefix,
    );
  }
}

/** Options of {@link assertRedirects}. */
export interface RedirectOptions {
  /** Status of the redirect response (default 302). */
  status?: number;
  /** Status of the page redirected to (default 200). */
  targetStatus?: number;
  /** Fetch the target to check `targetStatus` (default true, as Django). */
  fetchRedirectResponse?: boolean;
  msgPrefix?: string;
}

/**
 * The response redirected (with `status`, default 302) to `expectedUrl`, and that URL answers
 * `targetStatus` (default 200). For a response obtained with `follow: true`, the first hop and
 * the final response are checked.
 *
 * @example
 * const response = await client.post("/polls/1/vote/", { choice: "1" });
 * await assertRedirects(response, "/polls/1/results/");
 */
export async function assertRedirects(
  response: AssertableResponse,
  expectedUrl: string,
  options: RedirectOptions = {},
): Promise<void> {
  const status = options.status ?? 302;
  const targetStatus = options.targetStatus ?? 200;
  const prefix = options.msgPrefix;
  const chain = response.redirectChain ?? [];
  if (chain.length > 0) {
    const [, firstStatus] = chain[0]!;
    const [lastUrl] = chain[chain.length - 1]!;
    if (firstStatus !== status) {
      fail(
        `Initial response didn't redirect as expected: Response code was ${firstStatus} (expected ${status})`,
        prefix,
      );
    }
    if (response.statusCode !== targetStatus) {
      fail(
        `Response didn't redirect as expected: Final Response code was ${response.statusCode} (expected ${targetStatus})`,
        prefix,
      );
    }
    if (!sameUrl(lastUrl, expectedUrl)) {
      fail(`Response redirected to '${lastUrl}', expected '${expectedUrl}'`, prefix);
    }
    return;
  }
  if (response.statusCode !== status) {
    fail(
      `Response didn't redirect as expected: Response code was ${response.statusCode} (expected ${status})`,
      prefix,
    );
  }
  const location = response.header("location");
  if (location === undefined) fail("Response has no Location header", prefix);
  if (!sameUrl(location, expectedUrl)) {
    fail(`Response redirected to '${location}', expected '${expectedUrl}'`, prefix);
  }
  if (options.fetchRedirectResponse === false) return;
  if (response.fetchRedirect === undefined) {
    fail("cannot fetch the redirect target: the response has no client", prefix);
  }
  const target = await response.fetchRedirect(location);
  if (target.statusCode !== targetStatus) {
    fail(
      `Couldn't retrieve redirection page '${location}': response code was ${target.statusCode} (expected ${targetStatus})`,
      prefix,
    );
  }
}

/** `/a/` equals `http://testserver/a/` and `http://localhost/a/`: same path, query and host-less. */
function sameUrl(actual: string, expected: string): boolean {
  const base = "http://testserver";
  const a = new URL(actual, base);
  const b = new URL(expected, base);
  const hostless = (url: string) => !/^[a-z][a-z0-9+.-]*:/i.test(url);
  const pathAndQuery = (url: URL) => url.pathname + url.search;
  if (hostless(actual) || hostless(expected)) return pathAndQuery(a) === pathAndQuery(b);
  return a.href === b.href;
}

/** Options of {@link assertQuerySetEqual}. */
export interface QuerySetEqualOptions<T> {
  /** Maps each item before comparing (e.g. `(q) => q.questionText`). */
  transform?: (item: T) => unknown;
  /** Compare in order (default true); false compares as multisets. */
  ordered?: boolean;
  msgPrefix?: string;
}

/**
 * A QuerySet (anything awaitable to an array, or an array) equals `values`. Model instances
 * compare equal when they are of the same model with the same primary key (Django's `==`);
 * anything else compares by deep equality.
 *
 * @example
 * await assertQuerySetEqual(response.context?.latest_question_list, [question2, question1]);
 * await assertQuerySetEqual(Question.objects.all(), ["What's up?"], { transform: (q) => q.questionText });
 */
export async function assertQuerySetEqual<T>(
  querySet: PromiseLike<readonly T[]> | readonly T[] | AsyncIterable<T> | undefined,
  values: readonly unknown[],
  options: QuerySetEqualOptions<T> = {},
): Promise<void> {
  if (querySet === undefined || querySet === null) {
    fail("the QuerySet is undefined (missing from the response context?)", options.msgPrefix);
  }
  const items = await materialise(querySet);
  const actual = options.transform === undefined ? items : items.map(options.transform);
  const ordered = options.ordered ?? true;
  const equal = ordered
    ? actual.length === values.length &&
      actual.every((item, index) => sameItem(item, values[index]))
    : sameMultiset(actual, values);
  if (!equal) {
    // deepEqual on printable forms gives node:assert's readable diff.
    assert.deepEqual(
      actual.map(printable),
      values.map(printable),
      options.msgPrefix ?? "QuerySets differ",
    );
    fail("QuerySets differ", options.msgPrefix);
  }
}

async function materialise<T>(
  source: PromiseLike<readonly T[]> | readonly T[] | AsyncIterable<T>,
): Promise<readonly T[]> {
  if (Array.isArray(source)) return source as readonly T[];
  if (typeof (source as PromiseLike<readonly T[]>).then === "function") {
    const resolved = await (source as PromiseLike<readonly T[]>);
    return Array.from(resolved);
  }
  const collected: T[] = [];
  for await (const item of source as AsyncIterable<T>) collected.push(item);
  return collected;
}

function modelKey(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || !("pk" in value)) return undefined;
  const pk = (value as { pk: unknown }).pk;
  if (pk === undefined || pk === null) return undefined;
  return `${value.constructor.name}#${String(pk)}`;
}

function sameItem(a: unknown, b: unknown): boolean {
  const keyA = modelKey(a);
  const keyB = modelKey(b);
  if (keyA !== undefined || keyB !== undefined) {
    return keyA === keyB && (a as object).constructor === (b as object).constructor;
  }
  return isDeepStrictEqual(a, b);
}

function sameMultiset(actual: readonly unknown[], expected: readonly unknown[]): boolean {
  if (actual.length !== expected.length) return false;
  const remaining = [...expected];
  for (const item of actual) {
    const index = remaining.findIndex((candidate) => sameItem(item, candidate));
    if (index === -1) return false;
    remaining.splice(index, 1);
  }
  return true;
}

function printable(value: unknown): unknown {
  const key = modelKey(value);
  if (key === undefined) return value;
  const text = String(value);
  return `<${value!.constructor.name}: ${text === "[object Object]" ? key : text}>`;
}

/**
 * A template of that name was rendered for the response (Django's `assertTemplateUsed`;
 * `count` checks how many times).
 *
 * @example
 * assertTemplateUsed(response, "polls/index.html");
 */
export function assertTemplateUsed(
  response: AssertableResponse,
  templateName: string,
  options: { count?: number; msgPrefix?: string } = {},
): void {
  const used = response.templates;
  if (used === undefined) fail("the response carries no template information", options.msgPrefix);
  const times = used.filter((name) => name === templateName).length;
  if (options.count !== undefined && times !== options.count) {
    fail(
      `Template '${templateName}' was expected to be rendered ${options.count} time(s) but was actually rendered ${times} time(s).`,
      options.msgPrefix,
    );
  }
  if (times === 0) {
    const list = used.length === 0 ? "No templates used to render the response" : used.join(", ");
    fail(
      `Template '${templateName}' was not a template used to render the response. Actual template(s) used: ${list}`,
      options.msgPrefix,
    );
  }
}

/**
 * No template of that name was rendered for the response.
 *
 * @example
 * assertTemplateNotUsed(response, "polls/detail.html");
 */
export function assertTemplateNotUsed(
  response: AssertableResponse,
  templateName: string,
  options: { msgPrefix?: string } = {},
): void {
  if ((response.templates ?? []).includes(templateName)) {
    fail(
      `Template '${templateName}' was used unexpectedly in rendering the response`,
      options.msgPrefix,
    );
  }
}
