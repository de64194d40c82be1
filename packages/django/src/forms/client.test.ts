import assert from "node:assert/strict";
import { Question } from "../db/_fixtures/models.ts";
import { assertContains, describeTestCase } from "../test/index.ts";
import { settings } from "./_fixtures/project.ts";

function csrfToken(html: string): string {
  const match = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html);
  assert.ok(match, "the page has a CSRF token field");
  return match[1]!;
}

describeTestCase(
  "a ModelForm behind a view",
  { settings, client: { enforceCsrfChecks: true } },
  (t) => {
    t.test("GET renders the empty form with required inputs", async () => {
      const response = await t.client.get("/questions/add/");
      assertContains(response, '<label for="id_questionText">Question text:</label>');
      assertContains(response, 'name="questionText" maxlength="200" required id="id_questionText"');
      assertContains(response, '<label for="id_pubDate">Date published:</label>');
    });

    t.test("an invalid POST re-renders the errors and the escaped input", async () => {
      const token = csrfToken((await t.client.get("/questions/add/")).text);
      const response = await t.client.post("/questions/add/", {
        csrfmiddlewaretoken: token,
        questionText: "<b>No mark",
        pubDate: "",
      });
      assert.equal(response.statusCode, 200);
      assertContains(
        response,
        '<ul class="errorlist"><li>A question ends with a question mark.</li></ul>',
      );
      assertContains(response, '<ul class="errorlist"><li>This field is required.</li></ul>');
      assertContains(response, 'value="&lt;b&gt;No mark"');
      assert.equal(response.text.includes("&amp;lt;"), false, "no double escaping");
      assert.equal(await Question.objects.count(), 0);
    });

    t.test("a valid POST saves and redirects; no CSRF token is refused", async () => {
      const refused = await t.client.post("/questions/add/", {
        questionText: "Q?",
        pubDate: "2026-11-25 09:00",
      });
      assert.equal(refused.statusCode, 403);
      const token = csrfToken((await t.client.get("/questions/add/")).text);
      const response = await t.client.post("/questions/add/", {
        csrfmiddlewaretoken: token,
        questionText: "What's new?",
        pubDate: "2026-11-25 09:00",
      });
      assert.equal(response.statusCode, 302);
      const question = await Question.objects.get({ questionText: "What's new?" });
      assert.equal(response.url, `/done/${question.id}/`);
      assert.equal(question.pubDate.toISOString(), "2026-11-25T09:00:00.000Z");
    });
  },
);
