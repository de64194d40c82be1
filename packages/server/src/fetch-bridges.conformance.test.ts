// The Fetch bridges against the TSGI conformance suite: each test's app is served as
// `fromFetch(toFetch(app))` on the node server, so every request crosses TSGI → Request →
// TSGI and every response Response → TSGI. Whatever the node server passes on its own
// run, a failure here is the bridges' doing.
//
// It lives in @tsgi/server rather than next to the bridges in @tsgi/core because it needs a
// real server: core importing @tsgi/server would make the two packages depend on each
// other (turbo refuses cyclic workspace graphs).
import { createErrorStream } from "@tsgi/core";
import { runConformanceSuite, type ConformanceTestId } from "@tsgi/core/conformance";
import { fromFetch, toFetch } from "@tsgi/core/fetch";
import { nodeServer } from "./node/index.ts";

// What a Request/Response pair cannot carry, whatever the bridges do. Anything else that
// fails here is a bridge bug, not a skip.
const skip = {
  "environ.no-normalisation":
    "a Request's URL is WHATWG-parsed, which resolves dot segments before the app sees them",
  "environ.server-protocol": "a Request has no HTTP version: toFetch reports HTTP/1.1",
  "environ.absolute-form":
    "a Request carries a URL, not the target as sent: tsgi.request_target comes back origin-form",
  "response.connection-close":
    "Connection is hop-by-hop: a Response cannot ask the hosting server to close the connection",
} satisfies Partial<Record<ConformanceTestId, string>>;

runConformanceSuite({
  skip,
  name: "fetch bridges (fromFetch(toFetch(app)) on node)",
  async start(app) {
    let errorOutput = "";
    const log = (text: string) => {
      errorOutput += text;
    };
    const errors = createErrorStream(log);
    // A Request cannot carry the client's address; a runtime hosting the fetch handler passes
    // it through `extraEnviron`, as here from the outer environ.
    const bridged = fromFetch((request, outer) =>
      toFetch(app, {
        errors,
        extraEnviron: { REMOTE_ADDR: outer.REMOTE_ADDR, REMOTE_PORT: outer.REMOTE_PORT },
      })(request),
    );
    const handle = await nodeServer.listen(bridged, { host: "127.0.0.1", port: 0, errorLog: log });
    return {
      url: handle.address.url,
      close: () => handle.close({ timeout: 5_000 }),
      errorOutput: () => errorOutput,
    };
  },
});
