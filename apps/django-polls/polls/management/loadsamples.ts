/**
 * `manage loadsamples [--if-empty]`: the polls app's own management command (Django's
 * polls/management/commands/loadsamples.py). It adds the tutorial's "What's new?" question and
 * two more, each with choices, in one transaction; `npm start` runs it with `--if-empty` so a
 * fresh database has something to vote on.
 */
import { transaction } from "@tsgi/django/db";
import { defineCommand } from "@tsgi/django/management";
import { Question } from "../models.ts";

const MINUTE_MS = 60 * 1000;

/** The sample questions, newest first; `minutesAgo` sets their publication date. */
export const SAMPLE_QUESTIONS: readonly {
  questionText: string;
  minutesAgo: number;
  choices: readonly string[];
}[] = [
  {
    questionText: "What's new?",
    minutesAgo: 1,
    choices: ["Not much", "The sky", "Just hacking again"],
  },
  {
    questionText: "Which server should host this app?",
    minutesAgo: 60,
    choices: ["node", "cluster", "http2", "express", "fastify"],
  },
  {
    questionText: "Which part of the tutorial did you like best?",
    minutesAgo: 24 * 60 * 3,
    choices: ["Models", "Views and templates", "Tests", "Static files"],
  },
];

/**
 * `loadsamples`.
 *
 * @example
 * await executeFromCommandLine(["loadsamples", "--if-empty"], { settings });
 */
export const loadSamplesCommand = defineCommand({
  help: "Adds sample questions with choices (the tutorial's \"What's new?\" and two more).",
  options: {
    "if-empty": { type: "boolean", description: "do nothing when there are questions already" },
  },
  async handle({ values }, { stdout }) {
    if (values["if-empty"] === true && (await Question.objects.exists())) {
      stdout.write("There are questions already; no samples loaded.\n");
      return 0;
    }
    const now = Date.now();
    await transaction.atomic(async () => {
      for (const sample of SAMPLE_QUESTIONS) {
        const question = await Question.objects.create({
          questionText: sample.questionText,
          pubDate: new Date(now - sample.minutesAgo * MINUTE_MS),
        });
        for (const choiceText of sample.choices) await question.choiceSet.create({ choiceText });
      }
    });
    stdout.write(`Loaded ${SAMPLE_QUESTIONS.length} sample questions.\n`);
    return 0;
  },
});
