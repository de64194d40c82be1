/**
 * Child-process entry: starts one contender (named in argv[2]) on 127.0.0.1, prints
 * `{"port":N}` on stdout, and runs until the bench sends SIGTERM. One server per process, so
 * contenders never share a heap, a JIT or an event loop.
 */
import { contenderByName } from "./_contenders.ts";

const name = process.argv[2] ?? "";
const contender = contenderByName(name);
if (contender === undefined) {
  process.stderr.write(`bench server: no contender named ${JSON.stringify(name)}\n`);
  process.exit(2);
}
const port = await contender.start();
process.stdout.write(`${JSON.stringify({ port })}\n`);
// Exit at once on SIGTERM: the bench is done with this server and a graceful drain adds nothing.
process.on("SIGTERM", () => process.exit(0));
