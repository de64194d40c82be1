import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Engine } from "../template/index.ts";
import {
  BooleanField,
  CharField,
  EmailField,
  Form,
  HiddenInput,
  IntegerField,
  Textarea,
  ValidationError,
} from "./index.ts";

const calls: string[] = [];

class ContactForm extends Form {
  static override fields = {
    subject: new CharField({ maxLength: 100 }),
    email: new EmailField(),
    message: new CharField({ widget: new Textarea(), required: false }),
    copy: new BooleanField({ required: false }),
  };
  cleanSubject(): unknown {
    calls.push("cleanSubject");
    return String(this.cleanedData.subject).toUpperCase();
  }
  async cleanEmail(): Promise<unknown> {
    calls.push("cleanEmail");
    if (String(this.cleanedData.email).endsWith("@spam.example")) {
      throw new ValidationError("No spam.");
    }
    return this.cleanedData.email;
  }
  override clean(): unknown {
    calls.push("clean");
    if (this.cleanedData.copy && !this.cleanedData.message) {
      throw new ValidationError("A copy of nothing?");
    }
    return this.cleanedData;
  }
}

describe("Form", () => {
  it("unbound forms are not valid and have no errors", async () => {
    const form = new ContactForm();
    assert.equal(form.isBound, false);
    assert.equal(await form.isValid(), false);
    assert.equal(form.errors.size, 0);
  });

  it("cleans fields, then clean<Field> hooks in field order, then clean()", async () => {
    calls.length = 0;
    const form = new ContactForm({ subject: " hello ", email: "a@example.com", copy: "on" });
    assert.equal(await form.isValid(), false);
    assert.deepEqual(calls, ["cleanSubject", "cleanEmail", "clean"]);
    assert.equal(form.cleanedData.subject, "HELLO");
    assert.deepEqual(form.errors.asData(), { __all__: ["A copy of nothing?"] });
    assert.match(
      String(form.nonFieldErrors()),
      /<ul class="errorlist nonfield"><li>A copy of nothing\?<\/li><\/ul>/,
    );
  });

  it("a failing field skips its hook and is dropped from cleanedData", async () => {
    calls.length = 0;
    const form = new ContactForm({ subject: "", email: "x@spam.example" });
    assert.equal(await form.isValid(), false);
    assert.deepEqual(calls, ["cleanEmail", "clean"]);
    assert.deepEqual(form.errors.asData(), {
      subject: ["This field is required."],
      email: ["No spam."],
    });
    assert.equal("subject" in form.cleanedData, false);
    assert.equal(form.hasError("subject"), true);
  });

  it("valid data gives cleanedData", async () => {
    const form = new ContactForm({ subject: "Hi", email: "a@example.com", message: "m" });
    assert.equal(await form.isValid(), true);
    assert.deepEqual(form.cleanedData, {
      subject: "HI",
      email: "a@example.com",
      message: "m",
      copy: false,
    });
  });

  it("addError routes messages to fields", async () => {
    class F extends Form {
      static override fields = { a: new IntegerField(), b: new IntegerField() };
      override clean(): unknown {
        const { a, b } = this.cleanedData as { a: number; b: number };
        if (a > b) this.addError("b", "b must be at least a.");
        return this.cleanedData;
      }
    }
    const form = new F({ a: "5", b: "2" });
    assert.equal(await form.isValid(), false);
    assert.deepEqual(form.errors.asData(), { b: ["b must be at least a."] });
    assert.deepEqual(form.cleanedData, { a: 5 });
  });

  it("errors added before validation are kept", async () => {
    const form = new ContactForm({ subject: "Hi", email: "a@example.com" });
    form.addError("email", "Already subscribed.");
    assert.equal(await form.isValid(), false);
    assert.deepEqual(form.errors.asData(), { email: ["Already subscribed."] });
    assert.equal("email" in form.cleanedData, false);
  });

  it("renders Django 5's div layout with ids, labels and required", () => {
    const html = String(new ContactForm());
    assert.match(
      html,
      /<div>\n {2}<label for="id_subject">Subject:<\/label>\n {2}<input type="text" name="subject" maxlength="100" required id="id_subject">\n<\/div>/,
    );
    assert.match(
      html,
      /<textarea name="message" cols="40" rows="10" id="id_message">\n<\/textarea>/,
    );
    assert.match(html, /<input type="checkbox" name="copy" id="id_copy">/);
  });

  it("renders errors and escapes submitted values", async () => {
    const form = new ContactForm({ subject: `<script>"x"</script>`, email: "bad" });
    await form.isValid();
    const html = form.asP().value;
    assert.match(html, /value="&lt;SCRIPT&gt;|value="&lt;script&gt;&quot;x&quot;&lt;\/script&gt;"/);
    assert.match(html, /<ul class="errorlist"><li>Enter a valid email address.<\/li><\/ul>/);
    assert.match(html, /aria-invalid="true" id="id_email"/);
    assert.doesNotMatch(html, /<script>/);
    assert.match(
      form.asTable().value,
      /<tr>\n {2}<th><label for="id_subject">Subject:<\/label><\/th>/,
    );
  });

  it("bound fields expose label, errors, value and label tag; prefix changes names", async () => {
    const form = new ContactForm(
      { "c-subject": "Hi" },
      { prefix: "c", initial: { email: "i@example.com" } },
    );
    await form.isValid();
    const subject = form.get("subject");
    assert.equal(subject.label, "Subject");
    assert.equal(subject.htmlName, "c-subject");
    assert.equal(subject.idForLabel, "id_c-subject");
    assert.equal(subject.currentValue, "Hi");
    assert.equal(subject.labelTag().value, '<label for="id_c-subject">Subject:</label>');
    assert.deepEqual(form.get("email").errors.messages, ["This field is required."]);
    assert.throws(() => form.get("nope"), { code: "DJANGO_E_FORMS_UNKNOWN_FIELD" });
  });

  it("initial values show in unbound forms and drive hasChanged", () => {
    const unbound = new ContactForm(null, { initial: { subject: "Re: hi" } });
    assert.match(String(unbound.get("subject")), /value="Re: hi"/);
    const same = new ContactForm(
      { subject: "Re: hi", email: "" },
      { initial: { subject: "Re: hi" } },
    );
    assert.equal(same.hasChanged(), false);
    const changed = new ContactForm({ subject: "Other" }, { initial: { subject: "Re: hi" } });
    assert.deepEqual(changed.changedData, ["subject"]);
  });

  it("hidden fields render after the last row, their errors on top", async () => {
    class F extends Form {
      static override fields = {
        name: new CharField(),
        token: new CharField({ widget: new HiddenInput() }),
      };
    }
    const form = new F({ name: "x" });
    await form.isValid();
    const html = form.asDiv().value;
    assert.match(
      html,
      /^<ul class="errorlist nonfield"><li>\(Hidden field token\) This field is required.<\/li><\/ul>/,
    );
    assert.match(html, /<input type="hidden" name="token" id="id_token">\n<\/div>$/);
  });

  it("renders inside a template without double escaping", async () => {
    const form = new ContactForm({ subject: "<b>", email: "bad" });
    await form.isValid();
    const engine = new Engine();
    const html = await engine
      .fromString(
        "{{ form.subject }}|{{ form.subject.label }}|{{ form.email.errors }}|{{ form.asP|length }}|{% for f in form %}[{{ f.name }}]{% endfor %}|{% if form.errors %}E{% endif %}",
      )
      .render({ form });
    assert.match(
      html,
      /^<input type="text" name="subject" value="&lt;b&gt;" maxlength="100" required id="id_subject">\|Subject\|<ul class="errorlist"><li>Enter a valid email address.<\/li><\/ul>\|\d+\|\[subject\]\[email\]\[message\]\[copy\]\|E$/,
    );
    const listed = await engine
      .fromString(
        "{% for e in form.email.errors %}<{{ e }}>{% endfor %}{% for name, errs in form.errors %}{{ name }}{% endfor %}",
      )
      .render({ form });
    assert.equal(listed, "<Enter a valid email address.>email");
    const whole = await engine.fromString("{{ form }}").render({ form });
    assert.equal(whole, String(form));
  });
});
