// Models and templates the view and shortcut tests share: a tiny polls app on in-memory SQLite.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CASCADE,
  CharField,
  DateTimeField,
  ForeignKey,
  IntegerField,
  Model,
  createTestDatabase,
  defineApp,
  destroyTestDatabase,
  type Manager,
  type RelatedManager,
} from "../db/index.ts";

export class Question extends Model {
  static fields = {
    questionText: new CharField({ maxLength: 200 }),
    pubDate: new DateTimeField(),
  };
  static meta = { appLabel: "webpolls" };
  declare static objects: Manager<Question>;
  declare id: number;
  declare questionText: string;
  declare pubDate: Date;
  declare choiceSet: RelatedManager<Choice>;

  getAbsoluteUrl(): string {
    return `/questions/${this.id}/`;
  }
}

export class Choice extends Model {
  static fields = {
    question: new ForeignKey(() => Question, { onDelete: CASCADE }),
    choiceText: new CharField({ maxLength: 200 }),
    votes: new IntegerField({ default: 0 }),
  };
  static meta = { appLabel: "webpolls" };
  declare static objects: Manager<Choice>;
  declare id: number;
  declare choiceText: string;
}

export const webpollsApp = defineApp({ label: "webpolls", models: [Question, Choice] });

const TEMPLATES: Record<string, string> = {
  "webpolls/question_list.html":
    "{% for q in questionList %}[{{ q.questionText }}]{% endfor %} page={{ pageObj.number }}/{{ paginator.numPages }}" +
    "{% if pageObj.hasNext %} next={{ pageObj.nextPageNumber }}{% endif %} paginated={{ isPaginated }}",
  "webpolls/question_detail.html":
    "{{ question.questionText }}={{ object.id }} {% url 'detail' question.id %} " +
    "{% for c in question.choiceSet.all %}({{ c.choiceText }}){% endfor %}",
  "about.html": "About {{ title }} {{ name }} {{ request.path }} {% csrf_token %}",
  "messages.html": "{% for m in messages %}<{{ m.tags }}:{{ m }}>{% endfor %}",
};

/** Writes the templates into a fresh directory and returns it with a cleanup. */
export async function writeTemplates(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "django-web-templates-"));
  for (const [name, source] of Object.entries(TEMPLATES)) {
    await mkdir(join(dir, name, ".."), { recursive: true });
    await writeFile(join(dir, name), source);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A migrated in-memory database with five questions (the newest has two choices). */
export async function setUpDatabase(): Promise<Question[]> {
  await createTestDatabase({ apps: [webpollsApp] });
  const questions: Question[] = [];
  for (let i = 1; i <= 5; i++) {
    questions.push(
      await Question.objects.create({ questionText: `Q${i}`, pubDate: new Date(2024, 0, i) }),
    );
  }
  await questions[4]!.choiceSet.create({ choiceText: "yes" });
  await questions[4]!.choiceSet.create({ choiceText: "no" });
  return questions;
}

export const tearDownDatabase = (): Promise<void> => destroyTestDatabase();
