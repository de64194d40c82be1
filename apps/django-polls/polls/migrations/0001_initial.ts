/**
 * The polls app's first migration (Django's polls/migrations/0001_initial.py, as
 * `makemigrations polls` writes it in part 2): the question and choice tables. Field specs are
 * plain data, so the migration keeps describing the schema of its day even when the models
 * change later.
 */
import { createModel, type Migration } from "@tsgi/django/db";

export default {
  initial: true,
  dependencies: [],
  operations: [
    createModel({
      name: "Question",
      fields: [
        ["id", { type: "AutoField", primaryKey: true }],
        ["questionText", { type: "CharField", maxLength: 200 }],
        ["pubDate", { type: "DateTimeField", verboseName: "date published" }],
      ],
    }),
    createModel({
      name: "Choice",
      fields: [
        ["id", { type: "AutoField", primaryKey: true }],
        ["choiceText", { type: "CharField", maxLength: 200 }],
        ["votes", { type: "IntegerField", default: 0 }],
        ["question", { type: "ForeignKey", to: "polls.Question", onDelete: "CASCADE" }],
      ],
    }),
  ],
} satisfies Migration;
