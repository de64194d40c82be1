import assert, { AssertionError } from "node:assert/strict";
import { describe, it } from "node:test";
import {
  assertContains,
  assertNotContains,
  assertQuerySetEqual,
  assertRedirects,
  assertTemplateNotUsed,
  assertTemplateUsed,
  type AssertableResponse,
} from "./assertions.ts";

function response(init: {
  status?: number;
  text?: string;
  headers?: Record<string, string>;
  templates?: string[];
  chain?: [string, number][];
  targets?: Record<string, number>;
}): AssertableResponse {
  const headers = init.headers ?? {};
  return {
    statusCode: init.status ?? 200,
    text: init.text ?? "",
    header: (name) => headers[name.toLowerCase()],
    templates: init.templates ?? [],
    redirectChain: init.chain ?? [],
    fetchRedirect: async (url) => response({ status: init.targets?.[url] ?? 404 }),
  };
}

const fails = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(
    fn,
    (error: unknown) => error instanceof AssertionError && pattern.test(error.message),
  );

describe("assertContains / assertNotContains", () => {
  it("passes when the text is there, and checks an exact count", () => {
    const page = response({ text: "<p>vote</p><p>vote</p>" });
    assertContains(page, "vote");
    assertContains(page, "vote", { count: 2 });
    assertNotContains(page, "ballot");
  });
  it("fails with Django's wording", () => {
    const page = response({ text: "hello" });
    fails(() => assertContains(page, "bye"), /^Couldn't find 'bye' in the following response/);
    fails(
      () => assertContains(page, "l", { count: 1 }),
      /^Found 2 instances of 'l' in response \(expected 1\)/,
    );
    fails(() => assertNotContains(page, "hell"), /^'hell' unexpectedly found/);
  });
  it("checks the status first", () => {
    fails(
      () => assertContains(response({ status: 404, text: "x" }), "x"),
      /Response code was 404 \(expected 200\)/,
    );
    assertContains(response({ status: 404, text: "gone" }), "gone", { status: 404 });
  });
  it("compares as HTML with html: true", () => {
    const page = response({ text: '<input value="1"  type="radio" />' });
    assertContains(page, '<input type="radio" value="1">', { html: true, count: 1 });
    fails(() => assertContains(page, '<input type="radio" value="1">'), /Couldn't find/);
  });
});

describe("assertRedirects", () => {
  it("checks status, Location and the target's status", async () => {
    const redirect = response({
      status: 302,
      headers: { location: "/polls/1/results/" },
      targets: { "/polls/1/results/": 200 },
    });
    await assertRedirects(redirect, "/polls/1/results/");
    await assert.rejects(
      assertRedirects(redirect, "/elsewhere/"),
      /redirected to '\/polls\/1\/results\/'/,
    );
    await assert.rejects(
      assertRedirects(redirect, "/polls/1/results/", { status: 301 }),
      /Response code was 302 \(expected 301\)/,
    );
    const broken = response({ status: 302, headers: { location: "/404/" } });
    await assert.rejects(
      assertRedirects(broken, "/404/"),
      /response code was 404 \(expected 200\)/,
    );
  });
  it("reads the chain of a followed response", async () => {
    const followed = response({ status: 200, chain: [["/polls/1/", 301]] });
    await assertRedirects(followed, "/polls/1/", { status: 301 });
    await assert.rejects(
      assertRedirects(followed, "/polls/1/"),
      /Response code was 301 \(expected 302\)/,
    );
  });
});

describe("assertQuerySetEqual", () => {
  class Question {
    constructor(
      readonly pk: number,
      readonly text: string,
    ) {}
    toString() {
      return this.text;
    }
  }
  it("compares model instances by class and primary key, in order", async () => {
    const a = new Question(1, "A");
    const b = new Question(2, "B");
    await assertQuerySetEqual(Promise.resolve([a, b]), [new Question(1, "A copy"), b]);
    await assert.rejects(assertQuerySetEqual([a, b], [b, a]), AssertionError);
    await assertQuerySetEqual([a, b], [b, a], { ordered: false });
  });
  it("applies a transform, and accepts async iterables", async () => {
    async function* rows() {
      yield new Question(1, "A");
      yield new Question(2, "B");
    }
    await assertQuerySetEqual(rows(), ["A", "B"], { transform: (q) => q.text });
    await assertQuerySetEqual([], []);
    await assert.rejects(assertQuerySetEqual(undefined, []), /undefined/);
  });
});

describe("assertTemplateUsed", () => {
  it("finds a rendered template and reports the ones used otherwise", () => {
    const page = response({ templates: ["polls/index.html", "base.html"] });
    assertTemplateUsed(page, "polls/index.html");
    assertTemplateUsed(page, "base.html", { count: 1 });
    assertTemplateNotUsed(page, "polls/detail.html");
    fails(
      () => assertTemplateUsed(page, "polls/detail.html"),
      /Actual template\(s\) used: polls\/index.html, base.html/,
    );
    fails(() => assertTemplateNotUsed(page, "base.html"), /was used unexpectedly/);
  });
});
