import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CharField,
  DateTimeField,
  Model,
  ValidationError,
  createTestDatabase,
  defineApp,
  destroyTestDatabase,
  type Manager,
} from "../db/index.ts";
import { ModelForm, type ModelFormMeta } from "./index.ts";

class Event extends Model {
  static fields = {
    title: new CharField({ maxLength: 50, unique: true }),
    code: new CharField({ maxLength: 10, blank: true, null: true }),
    starts: new DateTimeField(),
    ends: new DateTimeField(),
  };
  static meta = { appLabel: "formsevents" };
  declare static objects: Manager<Event>;
  declare id: number;
  declare title: string;
  declare code: string | null;
  declare starts: Date;
  declare ends: Date;

  override clean(): void {
    if (this.title === "Forbidden") throw new ValidationError("That event is not allowed.");
    if (this.starts && this.ends && this.ends < this.starts) {
      throw new ValidationError({ ends: ["An event cannot end before it starts."] });
    }
  }
}

const eventsApp = defineApp({ label: "formsevents", models: [Event] });

class EventForm extends ModelForm<Event> {
  static override meta: ModelFormMeta = { model: Event, fields: "__all__" };
}

before(() => createTestDatabase({ apps: [eventsApp] }));
after(() => destroyTestDatabase());

describe("ModelForm reuses the model's validation", () => {
  const base = { title: "Launch", starts: "2026-11-25 10:00", ends: "2026-11-25 12:00" };

  it("the model's clean() errors land on fields and in __all__", async () => {
    const backwards = new EventForm({ ...base, ends: "2026-11-25 09:00" });
    assert.equal(await backwards.isValid(), false);
    assert.deepEqual(backwards.errors.asData(), {
      ends: ["An event cannot end before it starts."],
    });
    const forbidden = new EventForm({ ...base, title: "Forbidden" });
    assert.equal(await forbidden.isValid(), false);
    assert.deepEqual(forbidden.nonFieldErrors().messages, ["That event is not allowed."]);
  });

  it("null: true saves empty input as null; unique is checked against other rows", async () => {
    const event = await new EventForm(base).save();
    assert.equal(event.code, null);
    assert.equal((await Event.objects.get({ pk: event.id })).code, null);
    const again = new EventForm(base);
    assert.equal(await again.isValid(), false);
    assert.deepEqual(again.errors.asData(), { title: ["Event with this title already exists."] });
    // Editing the same row does not collide with itself.
    const edit = new EventForm({ ...base, code: "L1" }, { instance: event });
    assert.equal(await edit.isValid(), true);
    await edit.save();
    assert.equal((await Event.objects.get({ pk: event.id })).code, "L1");
  });
});
