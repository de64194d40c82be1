// Form errors: the coded FormError for misuse, the ORM's ValidationError (the same class, so a
// model's and a form's validation errors mix), and the two rendered containers Django's forms
// expose: ErrorList (one field's messages) and ErrorDict (every field's lists).
import { ValidationError } from "../db/index.ts";
import { SafeString, escapeHtml } from "../template/index.ts";

export { ValidationError };

/** Stable codes for {@link FormError}. */
export type FormErrorCode =
  | "DJANGO_E_FORMS_NOT_VALIDATED"
  | "DJANGO_E_FORMS_INVALID"
  | "DJANGO_E_FORMS_UNKNOWN_FIELD"
  | "DJANGO_E_FORMS_NOT_PREPARED"
  | "DJANGO_E_FORMS_CONFIG"
  | "DJANGO_E_FORMS_MANAGEMENT";

/**
 * A programming error while using a form (saving an invalid form, naming an unknown field,
 * rendering a ModelChoiceField before its choices are loaded…). Compare `code`, not wording.
 *
 * @example
 * try { await form.save(); } catch (e) { if (e instanceof FormError && e.code === "DJANGO_E_FORMS_INVALID") … }
 */
export class FormError extends Error {
  readonly code: FormErrorCode;
  constructor(code: FormErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = "FormError";
  }
}

/**
 * One field's error messages. It is a {@link SafeString} holding Django's markup
 * (`<ul class="errorlist"><li>…</li></ul>`, empty when there are no errors), so `{{ field.errors }}`
 * renders without double escaping; it also iterates and counts its messages like a list.
 *
 * @example
 * const list = new ErrorList(["This field is required."]);
 * String(list); // '<ul class="errorlist"><li>This field is required.</li></ul>'
 * list.length; // 1
 */
export class ErrorList extends SafeString {
  readonly messages: readonly string[];
  readonly errorClass: string;
  constructor(messages: readonly string[] = [], errorClass = "") {
    const className = errorClass ? `errorlist ${errorClass}` : "errorlist";
    super(
      messages.length === 0
        ? ""
        : `<ul class="${className}">${messages.map((m) => `<li>${escapeHtml(m)}</li>`).join("")}</ul>`,
    );
    this.messages = [...messages];
    this.errorClass = className;
  }
  /** The number of messages (so `{% if field.errors %}` is false when there are none). */
  override get length(): number {
    return this.messages.length;
  }
  [Symbol.iterator](): Iterator<string> {
    return this.messages[Symbol.iterator]();
  }
  /** `* message` lines, as Django's `as_text()`. */
  asText(): string {
    return this.messages.map((m) => `* ${m}`).join("\n");
  }
  /** The markup (same as the string value). */
  asUl(): SafeString {
    return new SafeString(this.value);
  }
  /** The messages as a plain array. */
  asData(): string[] {
    return [...this.messages];
  }
}

/**
 * Every field's errors (Django's `form.errors`), `__all__` for non-field errors. Map-like
 * (`has`, `get`, `keys`, `size`) so templates can write `{{ form.errors.questionText }}`; a
 * {@link SafeString} whose text is the nested `<ul class="errorlist">` Django renders for
 * `{{ form.errors }}`.
 *
 * @example
 * await form.isValid();
 * form.errors.get("questionText")?.messages; // ["This field is required."]
 * form.errors.asData(); // { questionText: ["This field is required."] }
 */
export class ErrorDict extends SafeString {
  private readonly lists: ReadonlyMap<string, ErrorList>;
  constructor(errors: ReadonlyMap<string, readonly string[]> = new Map()) {
    const lists = new Map<string, ErrorList>();
    for (const [name, messages] of errors) {
      if (messages.length > 0) {
        lists.set(name, new ErrorList(messages, name === "__all__" ? "nonfield" : ""));
      }
    }
    super(
      lists.size === 0
        ? ""
        : `<ul class="errorlist">${[...lists]
            .map(([name, list]) => `<li>${escapeHtml(name)}${list.value}</li>`)
            .join("")}</ul>`,
    );
    this.lists = lists;
  }
  has(name: string): boolean {
    return this.lists.has(name);
  }
  get(name: string): ErrorList | undefined {
    return this.lists.get(name);
  }
  keys(): string[] {
    return [...this.lists.keys()];
  }
  get size(): number {
    return this.lists.size;
  }
  /** The number of fields with errors (so `{% if form.errors %}` works). */
  override get length(): number {
    return this.lists.size;
  }
  [Symbol.iterator](): Iterator<[string, ErrorList]> {
    return this.lists[Symbol.iterator]();
  }
  /** `{ field: [messages] }` (Django's `errors.get_json_data()` without codes). */
  asData(): Record<string, string[]> {
    return Object.fromEntries([...this.lists].map(([name, list]) => [name, list.asData()]));
  }
}

/** Internal: the messages of a thrown ValidationError as `{ field | "__all__": messages }`. */
export function validationMessages(
  error: ValidationError,
  field: string | null,
): Record<string, string[]> {
  if (error.errorDict) {
    if (field !== null) return { [field]: Object.values(error.errorDict).flat() };
    return Object.fromEntries(Object.entries(error.errorDict).map(([k, v]) => [k, [...v]]));
  }
  return { [field ?? "__all__"]: [...error.errorList] };
}
