#!/usr/bin/env node
// The `tsgi-flask` command (Flask's `flask`). Node 20 cannot run TypeScript, so tsx's ESM loader
// is registered before anything else is imported, exactly as packages/server/bin/tsgi.mjs does:
// it then loads the CLI's own .ts sources and the user's app module alike. Both imports resolve
// from this file, so any working directory works.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
// Exit explicitly: timers, sockets or database handles the app left open must not keep a
// stopped server (or a finished command) alive.
process.exit(await main(process.argv.slice(2)));
