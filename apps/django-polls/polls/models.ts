/**
 * The polls models (tutorial part 2): a Question with its publication date, and Choices that
 * count votes. Tables are `polls_question` and `polls_choice`, columns snake_case
 * (`question_text`, `pub_date`, `question_id`).
 */
import {
  CASCADE,
  CharField,
  DateTimeField,
  ForeignKey,
  IntegerField,
  Model,
  type Manager,
  type RelatedManager,
  type RelatedObject,
} from "@tsgi/django/db";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A poll question. */
export class Question extends Model {
  static fields = {
    questionText: new CharField({ maxLength: 200 }),
    pubDate: new DateTimeField({ verboseName: "date published" }),
  };
  static meta = { appLabel: "polls" };
  declare static objects: Manager<Question>;
  declare id: number;
  declare questionText: string;
  declare pubDate: Date;
  declare choiceSet: RelatedManager<Choice>;

  override toString(): string {
    return this.questionText;
  }

  /**
   * Whether the question was published within the last day — and not in the future: part 5's
   * bug fix (the first version returned true for questions dated next month).
   *
   * @example
   * new Question({ pubDate: new Date() }).wasPublishedRecently(); // true
   */
  wasPublishedRecently(now: Date = new Date()): boolean {
    const time = this.pubDate.getTime();
    return now.getTime() - DAY_MS <= time && time <= now.getTime();
  }
}

/** One answer to a question, with its vote count. */
export class Choice extends Model {
  static fields = {
    question: new ForeignKey(() => Question, { onDelete: CASCADE }),
    choiceText: new CharField({ maxLength: 200 }),
    votes: new IntegerField({ default: 0 }),
  };
  static meta = { appLabel: "polls" };
  declare static objects: Manager<Choice>;
  declare id: number;
  declare question: RelatedObject<Question>;
  declare questionId: number;
  declare choiceText: string;
  declare votes: number;

  override toString(): string {
    return this.choiceText;
  }
}
