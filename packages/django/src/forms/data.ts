// Submitted data as forms read it: a QueryDict (request.POST), or a plain object whose values
// are strings, string lists or other scalars (tests, JSON bodies).

/** Anything with QueryDict's `get`/`getList`/`has`. */
export interface QueryDictLike {
  get(key: string): unknown;
  getList?(key: string): string[];
  has?(key: string): boolean;
}

/** The data a bound form accepts (`new Form(request.POST)` or `new Form({ name: "x" })`). */
export type FormInput = QueryDictLike | Record<string, unknown>;

/** Uniform read access to {@link FormInput}. */
export interface DataAccessor {
  has(key: string): boolean;
  /** The last value of `key` (QueryDict semantics), undefined when absent. */
  get(key: string): unknown;
  getList(key: string): unknown[];
}

function isQueryDictLike(data: FormInput): data is QueryDictLike {
  return typeof (data as QueryDictLike).get === "function";
}

/** Wraps form input in a {@link DataAccessor}. */
export function accessData(data: FormInput | undefined | null): DataAccessor {
  if (!data) return { has: () => false, get: () => undefined, getList: () => [] };
  if (isQueryDictLike(data)) {
    const dict = data;
    return {
      has: (key) =>
        dict.has ? dict.has(key) : dict.get(key) !== undefined && dict.get(key) !== null,
      get: (key) => {
        const value = dict.get(key);
        return value === null ? undefined : value;
      },
      getList: (key) => {
        if (dict.getList) return dict.getList(key);
        const value = dict.get(key);
        return value === undefined || value === null ? [] : [value];
      },
    };
  }
  const record = data as Record<string, unknown>;
  return {
    has: (key) => Object.hasOwn(record, key) && record[key] !== undefined,
    get: (key) => {
      const value = Object.hasOwn(record, key) ? record[key] : undefined;
      return Array.isArray(value) ? value[value.length - 1] : value;
    },
    getList: (key) => {
      const value = Object.hasOwn(record, key) ? record[key] : undefined;
      return value === undefined ? [] : Array.isArray(value) ? value : [value];
    },
  };
}
