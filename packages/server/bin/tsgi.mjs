#!/usr/bin/env node
// The `tsgi` command. Node 20 cannot run TypeScript, so tsx's ESM loader is registered
// before anything else is imported: it then loads the CLI's own .ts sources and the user's
// .ts/.mts modules alike. Both imports resolve from this file, so any working directory works.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
// Exit explicitly: timers or sockets the app left open must not keep a stopped server alive.
process.exit(await main(process.argv.slice(2)));
