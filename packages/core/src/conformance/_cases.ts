// Every case of the battery, in one list; index.ts registers them in CONFORMANCE_TEST_IDS order
// and index.test.ts checks that ids and cases match one to one.
import type { ConformanceCase } from "./_harness.ts";
import { connectionCases } from "./cases/connection.ts";
import { environCases } from "./cases/environ.ts";
import { errorCases } from "./cases/errors.ts";
import { expectCases } from "./cases/expect.ts";
import { framingCases } from "./cases/framing.ts";
import { inputCases } from "./cases/input.ts";
import { lifecycleCases } from "./cases/lifecycle.ts";
import { limitCases } from "./cases/limits.ts";
import { responseCases } from "./cases/response.ts";

export const ALL_CASES: readonly ConformanceCase[] = [
  ...environCases,
  ...inputCases,
  ...expectCases,
  ...responseCases,
  ...framingCases,
  ...errorCases,
  ...lifecycleCases,
  ...connectionCases,
  ...limitCases,
];
