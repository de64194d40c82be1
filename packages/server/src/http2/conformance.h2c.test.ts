// The http2 server against the TSGI conformance suite over h2c: HTTP/2 without TLS, with
// prior knowledge (the connection starts with the HTTP/2 preface). HTTP/1.x-only tests are
// skipped by the suite, each with its reason.
import { runConformanceSuite } from "@tsgi/core/conformance";
import { startForConformance } from "./_conformance-host.ts";

runConformanceSuite({
  name: "http2 over h2c (prior knowledge)",
  transport: "h2c",
  start: (app) => startForConformance(app, { tls: false }),
});
