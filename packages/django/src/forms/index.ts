/**
 * `@tsgi/django/forms` — Django's forms: `Form` and `ModelForm`, fields and widgets,
 * async validation with `clean<Field>()`/`clean()` hooks, errors with Django's messages,
 * rendering (`{{ form }}`, `asP`, `asTable`, bound fields), and formsets with a management form.
 *
 * Contracts (see README.md here):
 * - Declare fields in `static fields = { name: new CharField({ maxLength: 200 }) }`; a
 *   ModelForm adds `static meta = { model, fields | exclude, widgets?, labels? }`.
 * - `new F(data?, { initial?, instance?, prefix?, files? })`: data (`request.POST` or a plain
 *   object) makes the form bound. `await form.isValid()` validates once (fields → each
 *   `clean<Field>()` → `clean()` → ModelForm's model validation); then `form.cleanedData`,
 *   `form.errors` (ErrorDict: `get(name)?.messages`, `asData()`, `__all__` for non-field).
 * - Hooks may be async and throw `ValidationError` (the ORM's class, re-exported here).
 * - Rendering is synchronous: a form with a ModelChoiceField must load its options first with
 *   `await form.prepare()` (`isValid()` does it). Output is a `SafeString`, so templates do not
 *   escape it again; values are escaped. `{{ form.name }}` is a BoundField (`label`, `errors`,
 *   `labelTag`, `idForLabel`, `currentValue`).
 * - Formsets: `formsetFactory(Form, { extra, canDelete })`, `modelformsetFactory`,
 *   `inlineformsetFactory(Parent, Child, { fields, extra, canDelete })`; management form
 *   fields `<prefix>-TOTAL_FORMS`, `-INITIAL_FORMS`, `-MIN_NUM_FORMS`, `-MAX_NUM_FORMS`.
 *
 * @example
 * import { Form, ModelForm, CharField } from "@tsgi/django/forms";
 *
 * class NameForm extends Form {
 *   static override fields = { yourName: new CharField({ label: "Your name", maxLength: 100 }) };
 * }
 * const form = new NameForm(request.POST);
 * if (await form.isValid()) return redirect("/thanks/");
 * return render(request, "name.html", { form }); // {{ form }} shows the errors
 *
 * @module
 */

export { BaseForm, Form, type FormClass, type FormOptions } from "./form.ts";
export {
  BaseModelForm,
  ModelForm,
  modelformFactory,
  fieldsForModel,
  formfieldFor,
  modelToDict,
  type ModelFormMeta,
} from "./model-form.ts";
export {
  Field,
  CharField,
  EmailField,
  IntegerField,
  FloatField,
  BooleanField,
  type FieldOptions,
  type CharFieldOptions,
  type IntegerFieldOptions,
  type FormValidator,
} from "./fields.ts";
export { DateTimeField, DateField, parseDateTimeInput } from "./date-fields.ts";
export { ChoiceField, type ChoiceFieldOptions } from "./choice-field.ts";
export { ModelChoiceField, type ModelChoiceFieldOptions } from "./model-choice-field.ts";
export {
  Widget,
  Input,
  TextInput,
  NumberInput,
  EmailInput,
  PasswordInput,
  HiddenInput,
  DateTimeInput,
  DateInput,
  Textarea,
  CheckboxInput,
  Select,
  type SelectChoice,
  type WidgetOptions,
} from "./widgets.ts";
export { BoundField } from "./bound-field.ts";
export { ErrorDict, ErrorList, FormError, ValidationError, type FormErrorCode } from "./errors.ts";
export type { FormInput, QueryDictLike } from "./data.ts";
export type { Attrs, AttrValue } from "./utils.ts";
export {
  BaseFormSet,
  formsetFactory,
  type FormSetClass,
  type FormsetFactoryOptions,
  type FormsetOptions,
  type ManagementCounts,
} from "./formsets.ts";
export {
  BaseModelFormSet,
  BaseInlineFormSet,
  modelformsetFactory,
  inlineformsetFactory,
  type ModelFormSetClass,
  type InlineFormSetClass,
  type ModelFormsetOptions,
  type InlineFormsetOptions,
  type ModelFormsetFactoryOptions,
  type InlineFormsetFactoryOptions,
} from "./model-formsets.ts";

import { modelformFactory as modelformFactoryImpl } from "./model-form.ts";
import {
  inlineformsetFactory as inlineformsetFactoryImpl,
  modelformsetFactory as modelformsetFactoryImpl,
} from "./model-formsets.ts";

/**
 * Alias of {@link inlineformsetFactory} in camelCase-per-word spelling.
 *
 * @example
 * const ChoiceFormSet = inlineFormsetFactory(Question, Choice, { fields: ["choiceText"] });
 */
export const inlineFormsetFactory = inlineformsetFactoryImpl;

/**
 * Alias of {@link modelformsetFactory}.
 *
 * @example
 * const AuthorFormSet = modelFormsetFactory(Author, { fields: ["name"] });
 */
export const modelFormsetFactory = modelformsetFactoryImpl;

/**
 * Alias of {@link modelformFactory}.
 *
 * @example
 * const ChoiceForm = modelFormFactory(Choice, { fields: ["choiceText", "votes"] });
 */
export const modelFormFactory = modelformFactoryImpl;
