import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Author, useTestDatabase } from "../db/_fixtures/models.ts";
import { CharField, Form, IntegerField, formsetFactory, modelformsetFactory } from "./index.ts";

useTestDatabase();

class ItemForm extends Form {
  static override fields = { name: new CharField({ maxLength: 20 }), qty: new IntegerField() };
}

describe("formsetFactory", () => {
  const ItemFormSet = formsetFactory(ItemForm, { extra: 2, canDelete: true });

  it("unbound: initial forms plus extra, prefixed names, management form", () => {
    const formset = new ItemFormSet(null, { initial: [{ name: "Tea", qty: 1 }] });
    assert.equal(formset.forms.length, 3);
    assert.equal(formset.initialFormCount(), 1);
    const html = String(formset);
    assert.match(html, /name="form-TOTAL_FORMS" value="3"/);
    assert.match(html, /name="form-INITIAL_FORMS" value="1"/);
    assert.match(html, /name="form-0-name" value="Tea"/);
    assert.match(html, /<label for="id_form-2-DELETE">Delete:<\/label>/);
    // Formset forms do not use the required attribute (blank extra forms are allowed).
    assert.doesNotMatch(html, / required/);
    assert.match(String(formset.emptyForm), /name="form-__prefix__-name"/);
  });

  it("bound: blank extra forms are skipped, deleted forms do not validate", async () => {
    const formset = new ItemFormSet({
      "form-TOTAL_FORMS": "3",
      "form-INITIAL_FORMS": "1",
      "form-0-name": "",
      "form-0-qty": "x",
      "form-0-DELETE": "on",
      "form-1-name": "Milk",
      "form-1-qty": "2",
      "form-2-name": "",
      "form-2-qty": "",
    });
    assert.equal(await formset.isValid(), true);
    assert.equal(formset.deletedForms.length, 1);
    assert.deepEqual(formset.cleanedData[1], { name: "Milk", qty: 2, DELETE: false });
    assert.deepEqual(formset.cleanedData[2], {});
  });

  it("validateMax and clean() add non-form errors", async () => {
    const Limited = formsetFactory(ItemForm, { maxNum: 1, validateMax: true });
    const formset = new Limited({
      "form-TOTAL_FORMS": "2",
      "form-INITIAL_FORMS": "0",
      "form-0-name": "A",
      "form-0-qty": "1",
      "form-1-name": "B",
      "form-1-qty": "1",
    });
    assert.equal(await formset.isValid(), false);
    assert.deepEqual(formset.nonFormErrors().messages, ["Please submit at most 1 form."]);
    assert.match(String(formset.nonFormErrors()), /class="errorlist nonform"/);
  });

  it("a forged TOTAL_FORMS is capped by absoluteMax", () => {
    const formset = new ItemFormSet({ "form-TOTAL_FORMS": "100000000", "form-INITIAL_FORMS": "0" });
    assert.equal(formset.totalFormCount(), 2000);
  });
});

describe("modelformsetFactory", () => {
  const AuthorFormSet = modelformsetFactory(Author, {
    fields: ["name"],
    extra: 1,
    canDelete: true,
  });

  it("edits the queryset's objects and adds new ones", async () => {
    const ann = await Author.objects.create({ name: "Ann" });
    const bob = await Author.objects.create({ name: "Bob" });
    const unbound = await new AuthorFormSet().prepare();
    assert.equal(unbound.forms.length, 3);
    assert.match(String(unbound), new RegExp(`name="form-0-id" value="${ann.id}"`));
    const formset = new AuthorFormSet({
      "form-TOTAL_FORMS": "3",
      "form-INITIAL_FORMS": "2",
      "form-0-id": String(ann.id),
      "form-0-name": "Ann B.",
      "form-1-id": String(bob.id),
      "form-1-name": "Bob",
      "form-1-DELETE": "on",
      "form-2-name": "Cy",
    });
    assert.equal(await formset.isValid(), true);
    const saved = await formset.save();
    assert.deepEqual(
      saved.map((a) => a.name),
      ["Ann B.", "Cy"],
    );
    assert.deepEqual(
      formset.changedObjects.map(([a, fields]) => [a.name, fields]),
      [["Ann B.", ["name"]]],
    );
    assert.deepEqual(
      (await Author.objects.all().orderBy("name")).map((a) => a.name),
      ["Ann B.", "Cy"],
    );
  });

  it("reading forms of a bound model formset before prepare() is a clear error", () => {
    const formset = new AuthorFormSet({
      "form-TOTAL_FORMS": "1",
      "form-INITIAL_FORMS": "1",
      "form-0-id": "1",
    });
    assert.throws(() => formset.forms, { code: "DJANGO_E_FORMS_NOT_PREPARED" });
  });
});
