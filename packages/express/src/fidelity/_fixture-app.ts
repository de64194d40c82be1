// One Express app exercising real middleware, served natively and through fromExpress.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import cookieParser from "cookie-parser";
import express from "express";
import multer from "multer";

export const staticDir = mkdtempSync(join(tmpdir(), "tsgi-express-"));
writeFileSync(join(staticDir, "hello.txt"), "0123456789abcdefghij\n");

/** Shared with the tests: the last request-close Express saw per path. */
export const events = { closed: [] as string[] };

/** `express` itself: Express 5 (the repository's) or Express 4 (the `express4` alias). */
export type ExpressModule = typeof express;

export function fixtureApp(framework: ExpressModule = express): express.Express {
  const app = framework();
  app.set("trust proxy", "loopback");
  app.use("/static", framework.static(staticDir));
  app.use(cookieParser());
  app.post("/json", framework.json({ limit: "1kb" }), (req, res) => res.json({ got: req.body }));
  app.post("/form", framework.urlencoded({ extended: false }), (req, res) => res.json(req.body));
  app.get("/cookies", (req, res) => {
    res.cookie("a", "1");
    res.cookie("b", "2", { httpOnly: true });
    res.json({ seen: req.cookies });
  });
  const upload = multer({ storage: multer.memoryStorage() });
  app.post("/upload", upload.single("file"), (req, res) =>
    res.json({ name: req.file?.originalname, size: req.file?.size, field: req.body.note }),
  );
  app.get("/file", (_req, res) => res.sendFile(join(staticDir, "hello.txt")));
  app.get("/redirect", (_req, res) => res.redirect("/cookies"));
  app.get("/ip", (req, res) => res.json({ ip: req.ip, ips: req.ips, protocol: req.protocol }));
  app.get("/boom", () => {
    throw new Error("boom");
  });
  app.get("/stream", (req, res) => {
    res.setHeader("Content-Type", "text/plain");
    let count = 0;
    const timer = setInterval(() => {
      res.write(`tick ${count}\n`);
      if (++count === 3) {
        clearInterval(timer);
        res.end();
      }
    }, 10);
    req.on("close", () => clearInterval(timer));
  });
  app.get("/hang", (req, res) => {
    req.on("close", () => events.closed.push("/hang"));
    res.on("close", () => events.closed.push("/hang res"));
  });
  return app;
}
