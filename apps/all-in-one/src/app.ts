/**
 * The all-in-one server's app, what `npm start` serves (`tsgi serve src/app.ts:app`): the site
 * of src/site.ts on the instance folder `ALL_IN_ONE_INSTANCE_DIR` names (default
 * apps/all-in-one/instance/). Importing this module prepares the databases, so every process
 * of a cluster finds them ready.
 *
 * @example
 * // npm start, or: TSGI_SERVER=cluster npx tsgi serve apps/all-in-one/src/app.ts:app
 * import { serve } from "@tsgi/server";
 * import { app } from "@tsgi/all-in-one";
 * await serve(app, { port: 8000 });
 */
import type { App } from "@tsgi/core";
import { instanceDirFromEnv } from "./instance.ts";
import { createSite } from "./site.ts";

export { createSite, type SiteOptions } from "./site.ts";
export { MOUNTS, type MountInfo } from "./mounts.ts";

/** The site on the instance folder from the environment. */
export const app: App = await createSite({ instanceDir: instanceDirFromEnv() });
