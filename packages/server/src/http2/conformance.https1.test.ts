// The http2 server against the TSGI conformance suite in HTTP/1.x over TLS: the client offers
// only "http/1.1" in ALPN, so the server falls back to HTTP/1.1 on its TLS port (what a client
// without HTTP/2 gets). Every test runs, HTTP/1.x framing included.
import { runConformanceSuite } from "@tsgi/core/conformance";
import { startForConformance } from "./_conformance-host.ts";

runConformanceSuite({
  name: "http2 over HTTP/1.x (TLS, ALPN fallback)",
  transport: "http1",
  start: (app) => startForConformance(app, { tls: true }),
});
