/**
 * The polls admin (tutorial parts 2 and 7): questions with their choices edited inline, a
 * changelist with the publication date, a "published recently?" icon, a date filter and a
 * search box.
 */
import { ModelAdmin, TabularInline, display, site } from "@tsgi/django/contrib/admin";
import { Choice, Question } from "./models.ts";

// Part 7's @admin.display on Question.was_published_recently.
display({ boolean: true, ordering: "pubDate", description: "Published recently?" })(
  Question.prototype.wasPublishedRecently,
);

/** Three empty choice rows under each question, as a table. */
export class ChoiceInline extends TabularInline {
  model = Choice;
  override extra = 3;
}

/** The question pages: fieldsets, inline choices, columns, filter and search. */
export class QuestionAdmin extends ModelAdmin {
  override fieldsets = [
    [null, { fields: ["questionText"] }],
    ["Date information", { fields: ["pubDate"], classes: ["collapse"] }],
  ] as const;
  override inlines = [ChoiceInline];
  override listDisplay = ["questionText", "pubDate", "wasPublishedRecently"];
  override listFilter = ["pubDate"];
  override searchFields = ["questionText"];
}

site.register(Question, QuestionAdmin);
