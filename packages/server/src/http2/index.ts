/**
 * `@tsgi/server`'s http2 server: HTTP/2 over TLS (with an HTTP/1.1 fallback) or h2c and
 * HTTP/1.1 on one cleartext port, on node:http2, through the node server's request pipeline.
 *
 * @example
 * import { serve } from "@tsgi/server";
 * const handle = await serve(
 *   (environ, startResponse) => {
 *     startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *     return [new TextEncoder().encode(`${environ.SERVER_PROTOCOL}\n`)];
 *   },
 *   { server: "http2", port: 8443, certfile: "cert.pem", keyfile: "key.pem" },
 * );
 */
export { http2Server, HTTP2_MAX_CONCURRENT_STREAMS } from "./listen.ts";
export { HTTP2_PREFACE } from "./sniff.ts";
export { TlsOptionsError } from "./tls.ts";
