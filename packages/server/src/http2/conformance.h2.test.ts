// The http2 server against the TSGI conformance suite over HTTP/2 with TLS (ALPN "h2"): the
// transport browsers use. HTTP/1.x-only tests are skipped by the suite, each with its reason.
import { runConformanceSuite } from "@tsgi/core/conformance";
import { startForConformance } from "./_conformance-host.ts";

runConformanceSuite({
  name: "http2 over h2 (TLS)",
  transport: "h2",
  start: (app) => startForConformance(app, { tls: true }),
});
