// The http2 server against the TSGI conformance suite in HTTP/1.x over cleartext: the
// connection's first bytes are not the HTTP/2 preface, so it is handed to the node server's
// HTTP/1.x pipeline. Every test runs, HTTP/1.x framing included.
import { runConformanceSuite } from "@tsgi/core/conformance";
import { startForConformance } from "./_conformance-host.ts";

runConformanceSuite({
  name: "http2 over HTTP/1.x (cleartext, preface sniffing)",
  transport: "http1",
  start: (app) => startForConformance(app, { tls: false }),
});
