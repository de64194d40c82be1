// A one-view project for the forms' test-client test: a ModelForm view that re-renders the
// form with its errors, or saves and redirects. Not part of the public API.
import { fileURLToPath } from "node:url";
import { defineSettings } from "../../conf/index.ts";
import { Question, pollsApp } from "../../db/_fixtures/models.ts";
import { HttpResponseRedirect, type HttpRequest } from "../../http/index.ts";
import { STARTPROJECT_MIDDLEWARE } from "../../middleware/index.ts";
import { render } from "../../shortcuts/index.ts";
import { path } from "../../urls/index.ts";
import { ModelForm, ValidationError } from "../index.ts";

/** The form under test: questions must end with "?". */
export class QuestionForm extends ModelForm<Question> {
  static override meta = { model: Question, fields: ["questionText", "pubDate"] };
  cleanQuestionText(): unknown {
    const text = String(this.cleanedData.questionText);
    if (!text.endsWith("?")) throw new ValidationError("A question ends with a question mark.");
    return text;
  }
}

async function addQuestion(request: HttpRequest) {
  const form = new QuestionForm(request.method === "POST" ? request.POST : null);
  if (request.method === "POST" && (await form.isValid())) {
    const question = await form.save();
    return new HttpResponseRedirect(`/done/${question.id}/`);
  }
  return render(request, "forms_demo/question_form.html", { form });
}

export const settings = defineSettings(
  {
    DEBUG: false,
    SECRET_KEY: "forms-fixture-secret",
    INSTALLED_APPS: [
      { ...pollsApp, name: "polls" },
      "django.contrib.sessions",
      "django.contrib.messages",
    ],
    MIDDLEWARE: [...STARTPROJECT_MIDDLEWARE],
    ROOT_URLCONF: { urlpatterns: [path("questions/add/", addQuestion, { name: "add" })] },
    TEMPLATES: [
      {
        DIRS: [fileURLToPath(new URL("./templates", import.meta.url))],
        OPTIONS: { context_processors: ["request"] },
      },
    ],
    DATABASES: { default: { ENGINE: "sqlite", NAME: ":memory:" } },
  },
  { env: false },
);
