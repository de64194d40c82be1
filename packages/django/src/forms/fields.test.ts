import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BooleanField,
  CharField,
  ChoiceField,
  DateTimeField,
  EmailField,
  IntegerField,
  ValidationError,
  type Field,
} from "./index.ts";

async function messages(field: Field, value: unknown): Promise<string[]> {
  try {
    await field.clean(value);
    return [];
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    return error.messages;
  }
}

describe("form fields: validation table", () => {
  const rows: [string, Field, unknown, unknown | string][] = [
    ["CharField trims", new CharField(), "  hi ", "hi"],
    ["CharField required", new CharField(), "", "This field is required."],
    ["CharField optional", new CharField({ required: false }), "", ""],
    [
      "CharField max",
      new CharField({ maxLength: 3 }),
      "abcd",
      "Ensure this value has at most 3 characters (it has 4).",
    ],
    [
      "CharField max 1",
      new CharField({ maxLength: 1 }),
      "ab",
      "Ensure this value has at most 1 character (it has 2).",
    ],
    [
      "CharField min",
      new CharField({ minLength: 3 }),
      "ab",
      "Ensure this value has at least 3 characters (it has 2).",
    ],
    ["EmailField ok", new EmailField(), "a@example.com", "a@example.com"],
    ["EmailField bad", new EmailField(), "a@b", "Enter a valid email address."],
    ["IntegerField ok", new IntegerField(), " 42 ", 42],
    ["IntegerField bad", new IntegerField(), "4.5", "Enter a whole number."],
    ["IntegerField text", new IntegerField(), "x", "Enter a whole number."],
    [
      "IntegerField min",
      new IntegerField({ minValue: 0 }),
      "-1",
      "Ensure this value is greater than or equal to 0.",
    ],
    [
      "IntegerField max",
      new IntegerField({ maxValue: 5 }),
      "6",
      "Ensure this value is less than or equal to 5.",
    ],
    ["IntegerField optional", new IntegerField({ required: false }), "", null],
    ["BooleanField checked", new BooleanField(), "on", true],
    ["BooleanField required", new BooleanField(), false, "This field is required."],
    ["BooleanField optional", new BooleanField({ required: false }), "false", false],
    ["DateTimeField", new DateTimeField(), "2026-11-25 10:30", new Date("2026-11-25T10:30:00Z")],
    [
      "DateTimeField local",
      new DateTimeField(),
      "2026-11-25T10:30:15",
      new Date("2026-11-25T10:30:15Z"),
    ],
    [
      "DateTimeField offset",
      new DateTimeField(),
      "2026-11-25T10:30:00+02:00",
      new Date("2026-11-25T08:30:00Z"),
    ],
    ["DateTimeField bad", new DateTimeField(), "2026-02-30", "Enter a valid date/time."],
    ["DateTimeField junk", new DateTimeField(), "soon", "Enter a valid date/time."],
    ["ChoiceField ok", new ChoiceField({ choices: [["s", "Small"]] }), "s", "s"],
    [
      "ChoiceField bad",
      new ChoiceField({ choices: [["s", "Small"]] }),
      "x",
      "Select a valid choice. x is not one of the available choices.",
    ],
    ["ChoiceField coerce", new ChoiceField({ choices: [[1, "One"]], coerce: Number }), "1", 1],
  ];
  for (const [name, field, input, expected] of rows) {
    it(name, async () => {
      const isMessage =
        typeof expected === "string" &&
        /^(This|Ensure|Enter|Select)/.test(expected) &&
        expected.endsWith(".");
      if (isMessage) assert.deepEqual(await messages(field, input), [expected]);
      else assert.deepEqual(await field.clean(input), expected);
    });
  }

  it("custom validators and error messages", async () => {
    const field = new CharField({
      errorMessages: { required: "Name, please." },
      validators: [
        (value) => {
          if (value === "root") throw new ValidationError("Reserved name.");
        },
      ],
    });
    assert.deepEqual(await messages(field, ""), ["Name, please."]);
    assert.deepEqual(await messages(field, "root"), ["Reserved name."]);
  });
});
