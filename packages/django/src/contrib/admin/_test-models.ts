// Models the admin's tests use: a small polls app ("adminpolls") with a boolean, a choice
// field and a ForeignKey, so every kind of list filter is exercised.
import {
  BooleanField,
  CASCADE,
  CharField,
  DateTimeField,
  ForeignKey,
  IntegerField,
  Model,
  defineApp,
  makeInitialMigration,
  type Manager,
} from "../../db/index.ts";
import { display } from "./display.ts";

const DAY = 24 * 60 * 60 * 1000;

export class Poll extends Model {
  static fields = {
    questionText: new CharField({ maxLength: 200 }),
    pubDate: new DateTimeField({ verboseName: "date published" }),
    featured: new BooleanField({ default: false }),
    status: new CharField({
      maxLength: 10,
      default: "open",
      choices: [
        ["open", "Open"],
        ["closed", "Closed"],
      ],
    }),
  };
  static meta = { appLabel: "adminpolls" };
  declare static objects: Manager<Poll>;
  declare id: number;
  declare questionText: string;
  declare pubDate: Date;
  declare featured: boolean;
  declare status: string;

  override toString(): string {
    return this.questionText;
  }

  wasPublishedRecently(): boolean {
    const age = Date.now() - this.pubDate.getTime();
    return age >= 0 && age <= DAY;
  }
}

display({ boolean: true, ordering: "pubDate", description: "Published recently?" })(
  Poll.prototype.wasPublishedRecently,
);

export class Answer extends Model {
  static fields = {
    poll: new ForeignKey(() => Poll, { onDelete: CASCADE }),
    answerText: new CharField({ maxLength: 200 }),
    votes: new IntegerField({ default: 0 }),
  };
  static meta = { appLabel: "adminpolls" };
  declare static objects: Manager<Answer>;
  declare id: number;
  declare pollId: number;
  declare answerText: string;
  declare votes: number;

  override toString(): string {
    return this.answerText;
  }
}

export const adminPollsApp = defineApp({
  name: "adminpolls",
  label: "adminpolls",
  verboseName: "Admin polls",
  models: [Poll, Answer],
  migrations: { "0001_initial": makeInitialMigration([Poll, Answer]) },
});
