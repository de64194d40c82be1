import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { clientFor } from "../core/_test-helpers.ts";
import { Http404 } from "../core/exceptions.ts";
import { MessageMiddleware, messages } from "../messages/api.ts";
import { SessionMiddleware } from "../sessions/middleware.ts";
import { path } from "../urls/conf.ts";
import { withUrlContext } from "../urls/base.ts";
import {
  Question,
  setUpDatabase,
  tearDownDatabase,
  writeTemplates,
} from "../views/_test-models.ts";
import { getListOr404, getObjectOr404, redirect, render } from "./shortcuts.ts";

let templatesDir: string;
let cleanup: () => Promise<void>;
let questions: Question[];
before(async () => {
  ({ dir: templatesDir, cleanup } = await writeTemplates());
  questions = await setUpDatabase();
});
after(async () => {
  await tearDownDatabase();
  await cleanup();
});

const urlpatterns = [
  path(
    "questions/<int:pk>/",
    async (request, { pk }: { pk: number }) => {
      const question = await getObjectOr404(Question, { pk });
      return render(request, "webpolls/question_detail.html", { question, object: question });
    },
    "detail",
  ),
  path("flash/", (request) => {
    messages.success(request, "Saved");
    return redirect("show");
  }),
  path("show/", (request) => render(request, "messages.html"), "show"),
];

describe("render and redirect through the app", () => {
  const client = () =>
    clientFor({
      ROOT_URLCONF: urlpatterns,
      MIDDLEWARE: [SessionMiddleware, MessageMiddleware],
      TEMPLATES: [
        {
          DIRS: [templatesDir],
          OPTIONS: { context_processors: ["django.contrib.messages.context_processors.messages"] },
        },
      ],
    });

  test("render uses the engine with {% url %} wired to reverse; getObjectOr404 gives 404", async () => {
    const id = questions[4]!.id;
    const response = await client().get(`/questions/${id}/`);
    assert.equal(response.text, `Q5=${id} /questions/${id}/ (yes)(no)`);
    assert.equal((await client().get("/questions/12345/")).status, 404);
  });

  test("messages survive a redirect and render through the context processor", async () => {
    const c = client();
    const flash = await c.get("/flash/");
    assert.equal(flash.status, 302);
    assert.equal(flash.header("location"), "/show/");
    assert.equal((await c.get("/show/")).text, "<success:Saved>");
    assert.equal((await c.get("/show/")).text, "");
  });

  test("a missing template or TEMPLATES setting is a 500 naming it", async () => {
    const noTemplates = clientFor({
      DEBUG: true,
      ROOT_URLCONF: urlpatterns,
      MIDDLEWARE: [SessionMiddleware, MessageMiddleware],
    });
    const response = await noTemplates.get("/show/");
    assert.equal(response.status, 500);
    assert.match(response.text, /No template engine is configured/);
  });
});

describe("shortcuts", () => {
  test("getObjectOr404 and getListOr404 accept a model, manager or QuerySet", async () => {
    const first = questions[0]!;
    assert.equal((await getObjectOr404(Question, { pk: first.id })).questionText, "Q1");
    assert.equal(
      (await getObjectOr404(Question.objects.filter({ questionText: "Q2" }))).questionText,
      "Q2",
    );
    await assert.rejects(getObjectOr404(Question, { pk: -1 }), (error: unknown) => {
      assert.ok(error instanceof Http404);
      assert.match(error.message, /No Question matches the given query/);
      return true;
    });
    assert.equal((await getListOr404(Question, { questionText__startswith: "Q" })).length, 5);
    await assert.rejects(getListOr404(Question.objects, { questionText: "none" }), Http404);
  });

  test("redirect to a name with args, a model, a URL, permanently", async () => {
    await withUrlContext({ urlconf: urlpatterns }, async () => {
      assert.equal((await redirect("detail", 7)).url, "/questions/7/");
      assert.equal((await redirect("detail", { pk: 8 })).url, "/questions/8/");
      assert.equal((await redirect(questions[0]!)).url, `/questions/${questions[0]!.id}/`);
      assert.equal((await redirect("https://example.org/x")).url, "https://example.org/x");
      assert.equal((await redirect("../up/")).url, "../up/");
      const permanent = await redirect("show", { permanent: true });
      assert.equal(permanent.status, 301);
      await assert.rejects(redirect("nosuchname"), /not a valid view function or pattern name/);
    });
  });
});
