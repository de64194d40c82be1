import assert from "node:assert/strict";
import { test } from "node:test";
import { path } from "../../urls/index.ts";
import { assertContains, describeTestCase } from "../../test/index.ts";
import { User } from "../auth/index.ts";
import { searchCondition, searchTerms } from "./changelist.ts";
import { StackedInline } from "./inlines.ts";
import { ModelAdmin } from "./model-admin.ts";
import { AdminSite, AlreadyRegistered, NotRegistered } from "./site.ts";
import { Answer, Poll } from "./_test-models.ts";
import { PASSWORD, settings as baseSettings } from "./_test-settings.ts";

test("search terms split on whitespace and keep quoted phrases", () => {
  assert.deepEqual(searchTerms(`what "is up" 'tea time'  now`), [
    "what",
    "is up",
    "tea time",
    "now",
  ]);
  assert.equal(searchCondition(["questionText"], "   "), undefined);
  assert.equal(searchCondition([], "what"), undefined);
  const condition = searchCondition(["^questionText", "=status"], "a b");
  assert.equal(condition?.connector, "AND");
  assert.equal(condition?.children.length, 2);
});

test("a model registers once; unregistering an unknown model is an error", () => {
  const site = new AdminSite("other");
  site.register(Poll);
  assert.throws(() => site.register(Poll), AlreadyRegistered);
  site.unregister(Poll);
  assert.throws(() => site.unregister(Poll), NotRegistered);
  assert.equal(site.isRegistered(Poll), false);
});

class StackedAnswers extends StackedInline {
  model = Answer;
  override extra = 1;
}

class StackedPollAdmin extends ModelAdmin {
  override fields = ["questionText", "pubDate"];
  override inlines = [StackedAnswers];
  override listDisplay = ["questionText", (poll: Poll) => poll.questionText.length];
}

class AnswerAdmin extends ModelAdmin {
  override listDisplay = ["answerText", "poll", "votes"];
  override listFilter = ["poll"];
  override ordering = ["answerText"];
}

const site = new AdminSite();
site.register(Poll, StackedPollAdmin);
site.register(Answer, AnswerAdmin);
const settings = { ...baseSettings, ROOT_URLCONF: [path("admin/", site.urls)] };

describeTestCase(
  "admin: stacked inlines, ForeignKey filters, function columns",
  { settings },
  (t) => {
    t.setUpTestData(async () => {
      await User.objects.createSuperuser("root", { password: PASSWORD });
      const tea = await Poll.objects.create({ questionText: "Tea?", pubDate: new Date() });
      const cake = await Poll.objects.create({ questionText: "Cake?", pubDate: new Date() });
      await Answer.objects.create({ poll: tea, answerText: "Green" });
      await Answer.objects.create({ poll: tea, answerText: "Black" });
      await Answer.objects.create({ poll: cake, answerText: "Yes" });
    });
    t.setUp(() => t.client.post("/admin/login/", { username: "root", password: PASSWORD }));

    t.test("a ForeignKey filter lists the related objects and narrows the list", async () => {
      const list = await t.client.get("/admin/adminpolls/answer/");
      assertContains(list, "3 answers");
      assertContains(list, "By poll");
      const tea = await Poll.objects.get({ questionText: "Tea?" });
      assertContains(list, `href="?poll__id__exact=${tea.id}"`, { html: false });
      const filtered = await t.client.get(`/admin/adminpolls/answer/?poll__id__exact=${tea.id}`);
      assertContains(filtered, "2 answers");
      const order = ["Black", "Green"].map((name) => filtered.text.indexOf(name));
      assert.ok(order[0]! >= 0 && order[0]! < order[1]!, "the ModelAdmin's ordering applies");
      const bad = await t.client.get("/admin/adminpolls/answer/?poll__id__exact=abc");
      assert.equal(bad.status, 302);
    });

    t.test("function columns render; a stacked inline shows each answer as a block", async () => {
      const list = await t.client.get("/admin/adminpolls/poll/");
      assertContains(list, "<td>4</td>", { html: false });
      const tea = await Poll.objects.get({ questionText: "Tea?" });
      const change = await t.client.get(`/admin/adminpolls/poll/${tea.id}/change/`);
      assertContains(change, 'class="inline-group stacked"', { html: false });
      assertContains(change, "Answer: Green");
      assertContains(change, 'name="answerSet-TOTAL_FORMS" value="3"', { html: false });
    });

    t.test("the app index lists only that app; an unknown app is a 404", async () => {
      const app = await t.client.get("/admin/adminpolls/");
      assertContains(app, "Admin polls administration");
      assert.equal((await t.client.get("/admin/nosuchapp/")).status, 404);
    });
  },
);
