/**
 * @tsgi/core: the TSGI contract and the tools around it.
 *
 * @example
 * import { validate, type App } from "@tsgi/core";
 * const app: App = validate((environ, startResponse) => {
 *   startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *   return [new TextEncoder().encode("Hello, World!\n")];
 * });
 */
export type * from "./types.ts";
export { createInputStream, InputTruncatedError, type InputStreamOptions } from "./input.ts";
export { createErrorStream, stderrErrorStream } from "./errors-stream.ts";
export { fileWrapper, isFileBody } from "./file-wrapper.ts";
export {
  buildEnviron,
  addHeaderToEnviron,
  splitTarget,
  decodePath,
  BadRequestError,
  type RequestParts,
  type SplitTarget,
} from "./environ.ts";
export * from "./helpers/index.ts";
export * from "./validate/index.ts";
export * from "./fetch/index.ts";
