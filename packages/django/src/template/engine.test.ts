import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Context } from "./context.ts";
import { Engine } from "./engine.ts";
import { TemplateDoesNotExist } from "./errors.ts";
import { safeJoin } from "./loaders.ts";

let root = "";
let projectDir = "";
let appDir = "";

before(async () => {
  root = await mkdtemp(join(tmpdir(), "tsgi-template-"));
  projectDir = join(root, "templates");
  appDir = join(root, "polls", "templates");
  await mkdir(join(projectDir, "polls"), { recursive: true });
  await mkdir(join(appDir, "polls"), { recursive: true });
  await writeFile(join(projectDir, "polls", "override.html"), "project override");
  await writeFile(join(appDir, "polls", "override.html"), "app version");
  await writeFile(join(appDir, "polls", "only-app.html"), "only in app: {{ x }}");
  await writeFile(join(root, "secret.txt"), "secret");
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("Engine loaders", () => {
  test("dirs are searched before appDirs", async () => {
    const engine = new Engine({ dirs: [projectDir], appDirs: [appDir] });
    assert.equal(
      await (await engine.getTemplate("polls/override.html")).render(),
      "project override",
    );
    assert.equal(
      await (await engine.getTemplate("polls/only-app.html")).render({ x: 1 }),
      "only in app: 1",
    );
  });

  test("TemplateDoesNotExist lists every path tried, in order", async () => {
    const engine = new Engine({ dirs: [projectDir], appDirs: [appDir] });
    await assert.rejects(engine.getTemplate("polls/missing.html"), (error: unknown) => {
      assert.ok(error instanceof TemplateDoesNotExist);
      assert.equal(error.code, "DJANGO_E_TEMPLATE_DOES_NOT_EXIST");
      assert.deepEqual(
        error.tried.map((t) => t.name),
        [join(projectDir, "polls", "missing.html"), join(appDir, "polls", "missing.html")],
      );
      assert.match(error.message, /polls\/missing\.html \(Source does not exist\)/);
      return true;
    });
  });

  test("names that escape a template directory are never read", async () => {
    assert.equal(safeJoin(projectDir, "../secret.txt"), undefined);
    assert.equal(safeJoin(projectDir, "/etc/passwd"), undefined);
    const engine = new Engine({ dirs: [projectDir] });
    await assert.rejects(engine.getTemplate("../secret.txt"), TemplateDoesNotExist);
  });

  test("selectTemplate returns the first existing and lists all tries when none exists", async () => {
    const engine = new Engine({ dirs: [projectDir], appDirs: [appDir] });
    const found = await engine.selectTemplate(["polls/nope.html", "polls/only-app.html"]);
    assert.equal(found.name, "polls/only-app.html");
    await assert.rejects(engine.selectTemplate(["a.html", "b.html"]), (error: unknown) => {
      assert.ok(error instanceof TemplateDoesNotExist);
      assert.equal(error.tried.length, 4);
      return true;
    });
  });

  test("compiled templates are cached, except in debug mode", async () => {
    const file = join(projectDir, "changing.html");
    await writeFile(file, "v1");
    const cached = new Engine({ dirs: [projectDir] });
    const debug = new Engine({ dirs: [projectDir], debug: true });
    assert.equal(await (await cached.getTemplate("changing.html")).render(), "v1");
    assert.equal(await (await debug.getTemplate("changing.html")).render(), "v1");
    await writeFile(file, "v2");
    assert.equal(await (await cached.getTemplate("changing.html")).render(), "v1");
    assert.equal(await (await debug.getTemplate("changing.html")).render(), "v2");
    cached.clearCache();
    assert.equal(await (await cached.getTemplate("changing.html")).render(), "v2");
  });
});

describe("rendering", () => {
  test("renderToString with a request runs context processors below the given context", async () => {
    const engine = new Engine({
      dirs: [projectDir],
      contextProcessors: [
        (request) => ({ user: (request as { user: string }).user, site: "processor" }),
      ],
    });
    await writeFile(join(projectDir, "who.html"), "{{ user }} {{ site }} {{ request.path }}");
    const out = await engine.renderToString(
      "who.html",
      { site: "view" },
      { user: "ada", path: "/x/" },
    );
    assert.equal(out, "ada view /x/");
  });

  test("render accepts a Context; autoescape can be turned off engine-wide", async () => {
    const engine = new Engine({ autoescape: false });
    const context = new Context({ a: "<b>" });
    assert.equal(await engine.fromString("{{ a }}").render(context), "&lt;b&gt;");
    assert.equal(await engine.fromString("{{ a }}").render({ a: "<b>" }), "<b>");
  });

  test("Context push/pop and withScope restore scopes", async () => {
    const context = new Context({ x: 1 });
    context.push({ x: 2 });
    assert.equal(context.get("x"), 2);
    context.pop();
    assert.equal(context.get("x"), 1);
    assert.throws(() => context.pop(), RangeError);
    await assert.rejects(
      context.withScope({ x: 3 }, async () => Promise.reject(new Error("boom"))),
      /boom/,
    );
    assert.equal(context.get("x"), 1);
    assert.deepEqual(Object.keys(context.flatten()).sort(), ["False", "None", "True", "x"]);
  });
});
