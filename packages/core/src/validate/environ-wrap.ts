import type { Environ, ErrorStream, InputStream } from "../types.ts";
import { checkEnvironValue, isValidEnvironValue } from "./environ-checks.ts";
import { wrapErrors } from "./errors-wrapper.ts";
import { wrapInput } from "./input-wrapper.ts";
import type { Reporter } from "./report.ts";

/**
 * The environ the app sees: a copy of the server's, with `tsgi.input` and `tsgi.errors`
 * wrapped in checking streams. A copy, so the validator's wrappers never leak into the
 * server's own object (which it may still use to drain the request body). Property
 * descriptors are copied, not values, so a lazy `tsgi.signal` getter stays lazy: it is
 * checked when the app first reads it, not before.
 */
export function environForApp(environ: object, reporter: Reporter): Environ {
  const descriptors = Object.getOwnPropertyDescriptors(environ);
  for (const [key, descriptor] of Object.entries(descriptors)) {
    if ("value" in descriptor) {
      descriptor.value = wrapStream(key, descriptor.value, reporter);
      continue;
    }
    const { get, set } = descriptor;
    let checked = false;
    let last: { raw: unknown; wrapped: unknown } | undefined;
    if (get) {
      descriptor.get = () => {
        const raw: unknown = get.call(environ);
        if (!checked) {
          checked = true;
          checkEnvironValue(key, raw, reporter);
        }
        // One wrapper per stream, so the concurrent-read check sees every read of it.
        if (last === undefined || last.raw !== raw)
          last = { raw, wrapped: wrapStream(key, raw, reporter) };
        return last.wrapped;
      };
    }
    if (set) descriptor.set = (value: unknown) => set.call(environ, value);
  }
  return Object.defineProperties({}, descriptors) as Environ;
}

function wrapStream(key: string, value: unknown, reporter: Reporter): unknown {
  // A stream that failed its shape check was already reported; pass it as it is.
  if (!isValidEnvironValue(key, value)) return value;
  if (key === "tsgi.input") return wrapInput(value as InputStream, reporter);
  if (key === "tsgi.errors") return wrapErrors(value as ErrorStream, reporter);
  return value;
}
