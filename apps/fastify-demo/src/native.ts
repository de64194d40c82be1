/**
 * Runs the demo the Fastify way, with `app.listen`: `npm run start:native`. The same app runs
 * on any TSGI server with `npm start`.
 */
import { buildApp } from "./app.ts";

const port = Number(process.env.PORT ?? 8000);
const host = process.env.HOST ?? "127.0.0.1";

// A fresh instance with Fastify's own request logging, as a Fastify user would run it.
const app = buildApp({ logger: true });
await app.listen({ port, host });

// Close on Ctrl+C so in-flight requests finish; a second signal exits at once.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    process.once(signal, () => process.exit(1));
    void app.close().then(() => process.exit(0));
  });
}
