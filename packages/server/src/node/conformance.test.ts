// The node server against the TSGI conformance suite. Its error log is captured per test
// (not printed), so "errors.error-log" can check it and the run's output stays readable.
import { runConformanceSuite } from "@tsgi/core/conformance";
import { nodeServer } from "./index.ts";

runConformanceSuite({
  name: "node",
  async start(app) {
    let errorOutput = "";
    const handle = await nodeServer.listen(app, {
      host: "127.0.0.1",
      port: 0,
      errorLog: (text) => {
        errorOutput += text;
      },
    });
    return {
      url: handle.address.url,
      close: () => handle.close({ timeout: 5_000 }),
      errorOutput: () => errorOutput,
    };
  },
});
