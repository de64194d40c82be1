/**
 * The all-in-one site: every demo app mounted by the dispatcher at its prefix, the landing
 * page for the rest, and the shared middleware stack (logger, compress, security headers)
 * around all of it. Each app keeps its data in the instance folder.
 */
import { join } from "node:path";
import { compose, type App, type Environ } from "@tsgi/core";
import { createPollsApplication, preparePollsDatabase } from "@tsgi/django-polls";
import { fromExpress } from "@tsgi/express";
import { createApp as createExpressDemo } from "@tsgi/express-demo";
import { fromFastify } from "@tsgi/fastify";
import { buildApp as buildFastifyDemo } from "@tsgi/fastify-demo";
import { createApp as createFlaskBlog } from "@tsgi/flask-blog";
import { createApp as createHello } from "@tsgi/hello";
import { compress, dispatcher, logger, securityHeaders } from "@tsgi/middleware";
import { instanceSecret } from "./instance.ts";
import { landingPage } from "./landing.ts";
import { MOUNTS } from "./mounts.ts";

/** Options of {@link createSite}. */
export interface SiteOptions {
  /** The instance folder: flaskr.sqlite, polls.sqlite3 and secret_key live here. */
  instanceDir: string;
  /**
   * Where access-log lines go: a function, `true` for stdout (the default), `false` for none
   * (in-process tests).
   */
  accessLog?: boolean | ((line: string, environ: Environ) => void);
}

/**
 * Builds the site, creating what the instance folder lacks: the blog's database (through
 * flaskr's factory) and the polls database (migrated and filled with the sample questions).
 * Safe to run in every process of a cluster: each step leaves an existing database as it is.
 *
 * @example
 * import { serve } from "@tsgi/server";
 * const site = await createSite({ instanceDir: "/tmp/aio" });
 * await serve(site, { port: 8000 });
 */
export async function createSite(options: SiteOptions): Promise<App> {
  const { instanceDir } = options;
  const secret = instanceSecret(instanceDir);

  const pollsDatabase = join(instanceDir, "polls.sqlite3");
  await preparePollsDatabase(pollsDatabase);

  const flask = createFlaskBlog({
    SECRET_KEY: secret,
    DATABASE: join(instanceDir, "flaskr.sqlite"),
  });

  const mounts: Record<string, App> = {
    "/hello": createHello(),
    // Express has a mount point: under the dispatcher req.baseUrl is SCRIPT_NAME ("/express").
    "/express": fromExpress(createExpressDemo()),
    // Fastify has none: it sees the full URL, so its routes are registered under the prefix.
    "/fastify": fromFastify(buildFastifyDemo({ prefix: "/fastify" })),
    // Both frameworks build URLs from SCRIPT_NAME (urlFor, reverse, {% url %}, redirects).
    "/flask": flask.tsgiApp,
    "/django": createPollsApplication(pollsDatabase, { mountPrefix: "/django" }),
  };
  for (const mount of MOUNTS) {
    if (mounts[mount.prefix] === undefined) throw new Error(`no app for mount ${mount.prefix}`);
  }

  const accessLog = options.accessLog ?? true;
  const site = dispatcher(landingPage(MOUNTS), { mounts });
  return compose(
    site,
    // Outermost: the log shows what the client finally got, compressed size and all.
    ...(accessLog === false
      ? []
      : [(inner: App) => logger(inner, accessLog === true ? {} : { sink: accessLog })]),
    (inner: App) => securityHeaders(inner),
    (inner: App) => compress(inner),
  );
}
