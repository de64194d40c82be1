/**
 * Runs the demo the Express way, with `app.listen`: `npm run start:native`. The same app runs
 * on any TSGI server with `npm start`.
 */
import { app } from "./app.ts";

const port = Number(process.env.PORT ?? 8000);
const host = process.env.HOST ?? "127.0.0.1";

const server = app.listen(port, host, () => {
  const address = server.address();
  const bound = typeof address === "object" && address !== null ? address.port : port;
  console.log(`express-demo (native Express) on http://${host}:${bound}`);
});

// Close on Ctrl+C so in-flight requests finish; a second signal exits at once.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    process.once(signal, () => process.exit(1));
  });
}
