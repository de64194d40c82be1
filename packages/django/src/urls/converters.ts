/**
 * A path converter (Django's `register_converter` classes): `regex` matches one segment's
 * text, `toJs` turns the matched text into the value the view receives (throwing means "no
 * match", as Django's ValueError), `toUrl` turns a value back into text for `reverse`.
 *
 * @example
 * const fourDigitYear: Converter<number> = {
 *   regex: "[0-9]{4}",
 *   toJs: (text) => Number(text),
 *   toUrl: (value) => String(value).padStart(4, "0"),
 * };
 * registerConverter(fourDigitYear, "yyyy");
 */
export interface Converter<T = unknown> {
  readonly regex: string;
  toJs(text: string): T;
  toUrl(value: T): string;
}

/** `str`: any non-empty text without a slash (the default). */
export const StringConverter: Converter<string> = {
  regex: "[^/]+",
  toJs: (text) => text,
  toUrl: (value) => String(value),
};

/** `int`: zero or a positive integer, given to the view as a number. */
export const IntConverter: Converter<number> = {
  regex: "[0-9]+",
  toJs: (text) => {
    const value = Number(text);
    if (!Number.isSafeInteger(value)) throw new RangeError(`${text} is too large`);
    return value;
  },
  toUrl: (value) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 0)
      throw new RangeError(`${value} is not a non-negative integer`);
    return String(number);
  },
};

/** `slug`: ASCII letters, digits, hyphens and underscores. */
export const SlugConverter: Converter<string> = {
  regex: "[-a-zA-Z0-9_]+",
  toJs: (text) => text,
  toUrl: (value) => String(value),
};

/** `uuid`: a lower-case UUID, given to the view as its string. */
export const UUIDConverter: Converter<string> = {
  regex: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
  toJs: (text) => text,
  toUrl: (value) => String(value).toLowerCase(),
};

/** `path`: any non-empty text, slashes included. */
export const PathConverter: Converter<string> = {
  regex: ".+",
  toJs: (text) => text,
  toUrl: (value) => String(value),
};

const converters = new Map<string, Converter>([
  ["str", StringConverter as Converter],
  ["int", IntConverter as Converter],
  ["slug", SlugConverter as Converter],
  ["uuid", UUIDConverter as Converter],
  ["path", PathConverter as Converter],
]);

/**
 * Makes `converter` usable in routes as `<typeName:name>`. Re-registering a name replaces
 * it (Django forbids overriding the built-ins; so does this).
 *
 * @example
 * registerConverter({ regex: "[0-9]{4}", toJs: Number, toUrl: String }, "yyyy");
 * path("articles/<yyyy:year>/", views.yearArchive);
 */
export function registerConverter<T>(converter: Converter<T>, typeName: string): void {
  if (["str", "int", "slug", "uuid", "path"].includes(typeName)) {
    throw new TypeError(`Converter "${typeName}" is already registered (built-in).`);
  }
  converters.set(typeName, converter as Converter);
}

/** The converter registered as `typeName`, or `undefined`. */
export function getConverter(typeName: string): Converter | undefined {
  return converters.get(typeName);
}
