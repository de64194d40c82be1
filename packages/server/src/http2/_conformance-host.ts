// Test-only: starts the http2 server for one conformance test, capturing its error log (not
// printed, so "errors.error-log" can check it and the run's output stays readable).
import type { App } from "@tsgi/core";
import type { StartedHost } from "@tsgi/core/conformance";
import { testCertificate } from "./_test-cert.ts";
import { http2Server } from "./index.ts";

export async function startForConformance(
  app: App,
  options: { tls: boolean },
): Promise<StartedHost> {
  let errorOutput = "";
  const files = options.tls ? await testCertificate() : undefined;
  const handle = await http2Server.listen(app, {
    host: "127.0.0.1",
    port: 0,
    errorLog: (text) => {
      errorOutput += text;
    },
    ...(files === undefined ? {} : { certfile: files.certfile, keyfile: files.keyfile }),
  });
  return {
    url: handle.address.url,
    close: () => handle.close({ timeout: 5_000 }),
    errorOutput: () => errorOutput,
  };
}
