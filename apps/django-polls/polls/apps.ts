/**
 * The polls app's config (Django's polls/apps.py `PollsConfig`): its models, migrations,
 * templates and static files, and the `loadsamples` management command it contributes.
 */
import { fileURLToPath } from "node:url";
import { defineApp } from "@tsgi/django/db";
import type { AppConfigWithCommands } from "@tsgi/django/management";
import { loadSamplesCommand } from "./management/loadsamples.ts";
import { Choice, Question } from "./models.ts";

/**
 * `defineApp` (from the ORM) registers the models at once, so `question.choiceSet` exists
 * before `Choice` is first used; the same object is the `INSTALLED_APPS` entry.
 */
export const pollsApp = defineApp({
  name: "polls",
  label: "polls",
  verboseName: "Polls",
  models: [Question, Choice],
  // A directory of plain migration modules (NNNN_name.ts, default export), as in Django.
  migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
  templatesDir: fileURLToPath(new URL("./templates", import.meta.url)),
  staticDir: fileURLToPath(new URL("./static", import.meta.url)),
  commands: { loadsamples: loadSamplesCommand },
}) satisfies AppConfigWithCommands;
