import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BooleanField,
  CharField,
  ChoiceField,
  CheckboxInput,
  DateTimeField,
  ErrorDict,
  Form,
  HiddenInput,
  PasswordInput,
  Select,
  TextInput,
} from "./index.ts";

describe("widgets", () => {
  it("inputs escape values and attributes", () => {
    assert.equal(
      new TextInput({ attrs: { placeholder: `"quoted"` } }).render("q", "<x>"),
      '<input type="text" name="q" value="&lt;x&gt;" placeholder="&quot;quoted&quot;">',
    );
    assert.equal(new HiddenInput().render("h", 3), '<input type="hidden" name="h" value="3">');
    assert.equal(new PasswordInput().render("p", "secret"), '<input type="password" name="p">');
  });

  it("checkboxes are checked for true and read missing keys as false", () => {
    assert.equal(new CheckboxInput().render("c", true), '<input type="checkbox" name="c" checked>');
    assert.equal(new CheckboxInput().render("c", false), '<input type="checkbox" name="c">');
    const widget = new CheckboxInput();
    const data = { has: (k: string) => k === "c", get: () => "on", getList: () => ["on"] };
    assert.equal(widget.valueFromData(data, "c"), true);
    assert.equal(widget.valueFromData(data, "d"), false);
  });

  it("selects mark the chosen option and escape labels", () => {
    const html = new Select({
      choices: [
        ["a", "A & B"],
        ["b", "<B>"],
      ],
    }).render("s", "b");
    assert.equal(
      html,
      '<select name="s">\n  <option value="a">A &amp; B</option>\n  <option value="b" selected>&lt;B&gt;</option>\n</select>',
    );
  });
});

describe("form details", () => {
  class F extends Form {
    static override fields = {
      size: new ChoiceField({
        choices: [
          ["", "---------"],
          ["s", "Small"],
        ],
      }),
      when: new DateTimeField({ initial: new Date("2026-11-25T08:05:00Z") }),
      locked: new CharField({ disabled: true, initial: "fixed" }),
      agree: new BooleanField(),
    };
  }

  it("renders choices with required, dates formatted, disabled fields", () => {
    const html = String(new F());
    assert.match(html, /<select name="size" required id="id_size">/);
    assert.match(html, /name="when" value="2026-11-25 08:05:00"/);
    assert.match(html, /name="locked" value="fixed" required disabled id="id_locked"/);
    assert.match(html, /<input type="checkbox" name="agree" required id="id_agree">/);
  });

  it("disabled fields ignore submitted data", async () => {
    const form = new F({ size: "s", when: "2026-11-25 09:00", locked: "hacked", agree: "on" });
    assert.equal(await form.isValid(), true);
    assert.equal(form.cleanedData.locked, "fixed");
    assert.equal(form.cleanedData.agree, true);
  });

  it("ErrorDict renders Django's nested list", () => {
    const errors = new ErrorDict(new Map([["name", ["Bad <name>."]]]));
    assert.equal(
      String(errors),
      '<ul class="errorlist"><li>name<ul class="errorlist"><li>Bad &lt;name&gt;.</li></ul></li></ul>',
    );
    assert.equal(new ErrorDict().length, 0);
  });
});
