/**
 * The Express demo app. It is plain Express 5: `npm run start:native` runs it with
 * `app.listen`, and `npm start` hands the same `app` to `tsgi serve`, which recognises an
 * Express app and adapts it with `fromExpress` from @tsgi/express.
 */
import { fileURLToPath } from "node:url";
import cookieParser from "cookie-parser";
import express, { type Express } from "express";
import { homePage } from "./pages.ts";
import { todosRouter } from "./todos.ts";
import { uploadHandlers } from "./upload.ts";

/** The folder `express.static` serves at `/static`. */
export const PUBLIC_DIR = fileURLToPath(new URL("../public/", import.meta.url));

/** Options of {@link createApp}. */
export interface DemoOptions {
  /** Express' `env` setting (default: NODE_ENV, else "development"); "production" hides stacks on /boom. */
  env?: string;
  /** Pause between the chunks of `/stream`, in ms (default 100). */
  streamDelayMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * Builds a fresh app with its own todo store.
 *
 * @example
 * import { createApp } from "./app.ts";
 * createApp({ env: "production" }).listen(8000);
 */
export function createApp(options: DemoOptions = {}): Express {
  const app = express();
  if (options.env !== undefined) app.set("env", options.env);
  const streamDelayMs = options.streamDelayMs ?? 100;

  app.use("/static", express.static(PUBLIC_DIR));
  app.use(cookieParser());

  app.get("/", (req, res) => {
    const name = typeof req.query.name === "string" ? req.query.name : "world";
    res.type("html").send(homePage(name, req.baseUrl));
  });

  // What a load balancer or the all-in-one landing page polls.
  app.get("/health", (_req, res) => {
    res.json({ app: "express-demo", ok: true });
  });

  app.use("/api/todos", todosRouter());

  // Shows what Express parsed, so differential tests see every input the app sees.
  app.all(
    "/api/echo",
    express.json(),
    express.urlencoded({ extended: false }),
    express.text(),
    (req, res) => {
      res.json({
        method: req.method,
        url: req.originalUrl,
        path: req.path,
        query: req.query,
        ip: req.ip,
        protocol: req.protocol,
        contentType: req.get("content-type") ?? null,
        tags: req.get("x-tag") ?? null,
        cookies: req.cookies as Record<string, string>,
        body: (req.body as unknown) ?? null,
      });
    },
  );

  app.post("/upload", ...uploadHandlers);

  // Two Set-Cookie headers in one response: the header every peer bridge once merged or lost.
  // The cookies' path is the mount (req.baseUrl), so apps mounted beside this one never see them.
  app.get("/visit", (req, res) => {
    const visits = Number((req.cookies as Record<string, string>).visits ?? 0) + 1;
    const path = req.baseUrl === "" ? "/" : req.baseUrl;
    res.cookie("visits", String(visits), { path, httpOnly: true, sameSite: "lax" });
    res.cookie("last_path", req.path, { path, sameSite: "lax" });
    res.type("text").send(`visit number ${visits}\n`);
  });

  // Redirects start with req.baseUrl so they stay inside the mount under a TSGI dispatcher.
  app.get("/old", (req, res) => res.redirect(301, `${req.baseUrl}/`));
  app.get("/go-home", (req, res) => res.redirect(`${req.baseUrl}/?name=redirected`));

  app.get("/stream", async (_req, res) => {
    res.type("text");
    for (let line = 1; line <= 5; line++) {
      res.write(`line ${line} of 5\n`);
      await sleep(streamDelayMs);
    }
    res.end();
  });

  // Express 5 passes a rejected promise to its error handler: this is its native 500.
  app.get("/boom", async () => {
    await sleep(0);
    throw new Error("boom");
  });

  return app;
}

/** The app `npm start` serves (`tsgi serve src/app.ts:app`). */
export const app: Express = createApp();
