/**
 * Test helpers for apps served by TSGI servers: the differential harness that compares an
 * app running natively with the same app behind a TSGI server, byte for byte.
 *
 * @example
 * import { runCorpus, differences, IGNORED_HEADERS } from "@tsgi/server/testing";
 */
export * from "./differential.ts";
