// The official polls tutorial's templates (parts 3, 4 and 6), with this project's camelCase
// names, rendered from an app template directory with plain objects standing in for models.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Engine } from "./engine.ts";

const indexHtml = `{% load static %}

<link rel="stylesheet" href="{% static 'polls/style.css' %}">

{% if latest_question_list %}
    <ul>
    {% for question in latest_question_list %}
        <li><a href="{% url 'polls:detail' question.id %}">{{ question.questionText }}</a></li>
    {% endfor %}
    </ul>
{% else %}
    <p>No polls are available.</p>
{% endif %}
`;

const detailHtml = `<form action="{% url 'polls:vote' question.id %}" method="post">
{% csrf_token %}
<fieldset>
    <legend><h1>{{ question.questionText }}</h1></legend>
    {% if error_message %}<p><strong>{{ error_message }}</strong></p>{% endif %}
    {% for choice in question.choiceSet.all %}
        <input type="radio" name="choice" id="choice{{ forloop.counter }}" value="{{ choice.id }}">
        <label for="choice{{ forloop.counter }}">{{ choice.choiceText }}</label><br>
    {% endfor %}
</fieldset>
<input type="submit" value="Vote">
</form>
`;

const resultsHtml = `<h1>{{ question.questionText }}</h1>

<ul>
{% for choice in question.choiceSet.all %}
    <li>{{ choice.choiceText }} -- {{ choice.votes }} vote{{ choice.votes|pluralize }}</li>
{% endfor %}
</ul>

<a href="{% url 'polls:detail' question.id %}">Vote again?</a>
`;

/** Collapses whitespace so assertions read like the page. */
const squash = (html: string) => html.replace(/\s+/g, " ").trim();

let root = "";
let engine: Engine;

/** A question shaped like the ORM's: `choiceSet.all()` returns a thenable of rows. */
function question(id: number, questionText: string, choices: [string, number][] = []) {
  const rows = choices.map(([choiceText, votes], i) => ({ id: id * 10 + i, choiceText, votes }));
  return { id, questionText, choiceSet: { all: () => Promise.resolve(rows) } };
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), "tsgi-polls-templates-"));
  const pollsDir = join(root, "polls", "templates", "polls");
  await mkdir(pollsDir, { recursive: true });
  await writeFile(join(pollsDir, "index.html"), indexHtml);
  await writeFile(join(pollsDir, "detail.html"), detailHtml);
  await writeFile(join(pollsDir, "results.html"), resultsHtml);
  engine = new Engine({
    appDirs: [join(root, "polls", "templates")],
    staticUrl: "/static/",
    urlResolver: (name, args) => {
      const routes: Record<string, string> = {
        "polls:detail": "/polls/%s/",
        "polls:vote": "/polls/%s/vote/",
        "polls:results": "/polls/%s/results/",
      };
      const route = routes[name];
      if (!route)
        throw Object.assign(new Error(`Reverse for '${name}' not found`), {
          name: "NoReverseMatch",
        });
      return route.replace("%s", String(args[0]));
    },
  });
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("polls tutorial templates", () => {
  test("index.html lists questions with links and the stylesheet", async () => {
    const html = await engine.renderToString("polls/index.html", {
      latest_question_list: [question(2, "What's new?"), question(1, "Tabs <or> spaces?")],
    });
    assert.equal(
      squash(html),
      '<link rel="stylesheet" href="/static/polls/style.css"> <ul> ' +
        '<li><a href="/polls/2/">What&#x27;s new?</a></li> ' +
        '<li><a href="/polls/1/">Tabs &lt;or&gt; spaces?</a></li> </ul>',
    );
  });

  test("index.html with no questions says so", async () => {
    const html = await engine.renderToString("polls/index.html", { latest_question_list: [] });
    assert.match(squash(html), /<p>No polls are available\.<\/p>$/);
  });

  test("detail.html renders the form, csrf field, radio buttons and error message", async () => {
    const html = await engine.renderToString("polls/detail.html", {
      question: question(3, "Best colour?", [
        ["Red", 0],
        ["Blue", 2],
      ]),
      csrf_token: "tok123",
      error_message: "You didn't select a choice.",
    });
    assert.equal(
      squash(html),
      '<form action="/polls/3/vote/" method="post"> ' +
        '<input type="hidden" name="csrfmiddlewaretoken" value="tok123"> <fieldset> ' +
        "<legend><h1>Best colour?</h1></legend> " +
        "<p><strong>You didn&#x27;t select a choice.</strong></p> " +
        '<input type="radio" name="choice" id="choice1" value="30"> <label for="choice1">Red</label><br> ' +
        '<input type="radio" name="choice" id="choice2" value="31"> <label for="choice2">Blue</label><br> ' +
        '</fieldset> <input type="submit" value="Vote"> </form>',
    );
  });

  test("results.html pluralizes votes and links back", async () => {
    const html = await engine.renderToString("polls/results.html", {
      question: question(4, "Coffee?", [
        ["Yes", 1],
        ["No", 0],
        ["Maybe", 5],
      ]),
    });
    assert.equal(
      squash(html),
      "<h1>Coffee?</h1> <ul> <li>Yes -- 1 vote</li> <li>No -- 0 votes</li> <li>Maybe -- 5 votes</li> </ul> " +
        '<a href="/polls/4/">Vote again?</a>',
    );
  });
});
