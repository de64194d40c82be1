/**
 * The load generator, run as its own process (and pinned to its own core when there is one)
 * so it never competes with the server's event loop inside one process. It speaks HTTP/1.1
 * over raw keep-alive sockets, one request in flight per connection (no pipelining, as wrk
 * does by default), because node:http's client costs more CPU per request than a fast server
 * does and would cap every contender at the client's speed.
 *
 * Input: one JSON argument {url, path, connections, durationMs, warmupMs}.
 * Output: one JSON line {requests, seconds, rps, non2xx, errors, p50Ms, p99Ms} on stdout.
 *
 * Response framing handled: Content-Length, and chunked bodies ended by the zero-size chunk
 * (found by searching for it, which is exact for the small bodies benchmarked here).
 */
import net from "node:net";
import type { LoadResult, LoadSpec } from "./_types.ts";

const HEADER_END = Buffer.from("\r\n\r\n");
const LAST_CHUNK = Buffer.from("0\r\n\r\n");
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;
const CHUNKED = /\r\ntransfer-encoding:[^\r]*chunked/i;

/** Length of the first complete response in `data`, its status, or undefined if incomplete. */
function completeResponse(data: Buffer): { length: number; status: number } | undefined {
  const headerEnd = data.indexOf(HEADER_END);
  if (headerEnd === -1) return undefined;
  const head = data.toString("latin1", 0, headerEnd);
  const status = Number(head.slice(9, 12));
  const bodyStart = headerEnd + HEADER_END.length;
  const declared = CONTENT_LENGTH.exec(head);
  if (declared !== null) {
    const length = bodyStart + Number(declared[1]);
    return data.length >= length ? { length, status } : undefined;
  }
  if (CHUNKED.test(head)) {
    const end = data.indexOf(LAST_CHUNK, bodyStart);
    return end === -1 ? undefined : { length: end + LAST_CHUNK.length, status };
  }
  return { length: bodyStart, status }; // no body (e.g. 204/304)
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const target = new URL(spec.url);
  const request = Buffer.from(
    `GET ${spec.path} HTTP/1.1\r\nHost: ${target.host}\r\nAccept: */*\r\n\r\n`,
    "latin1",
  );
  let counting = false;
  let sending = true;
  let requests = 0;
  let non2xx = 0;
  let errors = 0;
  const latencies: number[] = [];

  const connection = (): Promise<void> =>
    new Promise((resolve) => {
      const socket = net.connect(Number(target.port), target.hostname);
      socket.setNoDelay(true);
      let pending: Buffer = Buffer.alloc(0);
      let sentAt = 0;
      const send = (): void => {
        if (!sending) {
          socket.end();
          return;
        }
        sentAt = performance.now();
        socket.write(request);
      };
      socket.on("connect", send);
      socket.on("data", (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        for (let done = completeResponse(pending); done; done = completeResponse(pending)) {
          pending = pending.subarray(done.length);
          if (counting) {
            requests += 1;
            if (done.status < 200 || done.status > 299) non2xx += 1;
            latencies.push(performance.now() - sentAt);
          }
          send();
        }
      });
      socket.on("error", () => {
        if (counting) errors += 1;
      });
      socket.on("close", () => resolve());
    });

  const done = Promise.all(Array.from({ length: spec.connections }, connection));
  await new Promise((resolve) => setTimeout(resolve, spec.warmupMs));
  counting = true;
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, spec.durationMs));
  counting = false;
  sending = false;
  const seconds = (performance.now() - start) / 1000;
  // Each connection ends after its in-flight response; a stuck one is not waited for long.
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests,
    seconds,
    rps: requests / seconds,
    non2xx,
    errors,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

const spec = JSON.parse(process.argv[2] ?? "{}") as LoadSpec;
process.stdout.write(`${JSON.stringify(await run(spec))}\n`);
// Sockets a misbehaving server keeps open must not keep this process alive.
process.exit(0);
