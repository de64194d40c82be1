/**
 * The differential harness: sends one corpus of requests over real sockets to a running
 * server and compares what came back with what the app answered natively. The demo apps use
 * it to prove that an Express or Fastify app behaves the same through TSGI as on its own.
 *
 * @example
 * import { runCorpus, differences } from "@tsgi/server/testing";
 * const native = await runCorpus(nativeUrl, corpus);
 * const adapted = await runCorpus(tsgiUrl, corpus);
 * assert.deepEqual(differences(native, adapted), []);
 */
import { spawn, type ChildProcess } from "node:child_process";
import { request } from "node:http";

/** One request of the corpus. */
export interface CorpusRequest {
  /** Unique; later requests can read earlier responses by it. */
  name: string;
  method: string;
  /** The request target, sent byte for byte (percent-escapes and `..` untouched). */
  path: string;
  /** Header values; an array repeats the header. */
  headers?: Record<string, string | string[]>;
  body?: string | Uint8Array;
  /** Headers computed from earlier responses (e.g. If-None-Match from an ETag). */
  headersFrom?: (earlier: ReadonlyMap<string, RawResponse>) => Record<string, string>;
}

/** A response as it came off the wire. */
export interface RawResponse {
  status: number;
  statusMessage: string;
  /** Names lower-cased, in wire order, repeats kept (one entry per Set-Cookie). */
  headers: [string, string][];
  body: Buffer;
}

/**
 * Headers left out of the comparison, each with why it may legitimately differ. Everything
 * else must be identical: status, reason phrase, every other header in order, body bytes.
 */
export const IGNORED_HEADERS: ReadonlyMap<string, string> = new Map([
  ["date", "the clock: two responses a few ms apart straddle a second now and then"],
  [
    "connection",
    "connection management belongs to the server: Node answers `keep-alive`/`close` from its own keep-alive policy, not the app's",
  ],
  [
    "keep-alive",
    "the idle timeout is the server's setting (node:http's 5 s natively, the TSGI servers' 75 s, chosen to outlive load balancers)",
  ],
]);

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Sends one request on a fresh connection (no pooling, so no request sees another's socket).
 *
 * @example
 * const response = await sendRaw("http://127.0.0.1:8000", { name: "home", method: "GET", path: "/" }, new Map());
 */
export function sendRaw(
  baseUrl: string,
  corpusRequest: CorpusRequest,
  earlier: ReadonlyMap<string, RawResponse>,
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const headers = { ...corpusRequest.headers, ...corpusRequest.headersFrom?.(earlier) };
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: corpusRequest.method,
        path: corpusRequest.path,
        headers,
        agent: false,
        timeout: REQUEST_TIMEOUT_MS,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("error", reject);
        incoming.on("end", () => {
          const pairs: [string, string][] = [];
          for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
            pairs.push([
              incoming.rawHeaders[index]!.toLowerCase(),
              incoming.rawHeaders[index + 1]!,
            ]);
          }
          resolve({
            status: incoming.statusCode ?? 0,
            statusMessage: incoming.statusMessage ?? "",
            headers: pairs,
            body: Buffer.concat(chunks),
          });
        });
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error(`${corpusRequest.name}: timed out`)));
    outgoing.on("error", reject);
    outgoing.end(corpusRequest.body);
  });
}

/**
 * Sends the corpus in order (state such as created todos carries over) and keeps every response.
 *
 * @example
 * const responses = await runCorpus(handle.address.url, CORPUS);
 */
export async function runCorpus(
  baseUrl: string,
  corpus: readonly CorpusRequest[],
): Promise<Map<string, RawResponse>> {
  const responses = new Map<string, RawResponse>();
  for (const corpusRequest of corpus) {
    responses.set(corpusRequest.name, await sendRaw(baseUrl, corpusRequest, responses));
  }
  return responses;
}

/** A response reduced to what must match: ignored headers dropped, the body as text or base64. */
export function comparable(response: RawResponse): {
  status: string;
  headers: [string, string][];
  body: string;
} {
  const text = response.body.toString("utf8");
  const isText = Buffer.from(text, "utf8").equals(response.body);
  return {
    status: `${response.status} ${response.statusMessage}`,
    headers: response.headers.filter(([name]) => !IGNORED_HEADERS.has(name)),
    body: isText ? text : `base64:${response.body.toString("base64")}`,
  };
}

/** Every request whose response differs from the native one, with both sides, for the report. */
export function differences(
  native: ReadonlyMap<string, RawResponse>,
  adapted: ReadonlyMap<string, RawResponse>,
): { name: string; native: unknown; adapted: unknown }[] {
  const found: { name: string; native: unknown; adapted: unknown }[] = [];
  for (const [name, expected] of native) {
    const actual = adapted.get(name);
    const want = comparable(expected);
    const got = actual === undefined ? undefined : comparable(actual);
    if (JSON.stringify(want) !== JSON.stringify(got))
      found.push({ name, native: want, adapted: got });
  }
  return found;
}

/** A `tsgi serve` child process (the cluster server forks workers from it). */
export interface CliServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `tsgi serve <target> --port 0 …` with `cwd` as the working directory and resolves
 * with its URL once it prints its start-up line; bounded by `timeoutMs`.
 *
 * @example
 * const server = await startCli(binPath, appDir, ["src/app.ts:app", "--server", "cluster"]);
 * await server.stop();
 */
export function startCli(
  bin: string,
  cwd: string,
  args: readonly string[],
  timeoutMs = 20_000,
): Promise<CliServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, TSGI_ACCESS_LOG: "0" };
  // The runner's own settings must not leak into the child.
  for (const name of ["NODE_TEST_CONTEXT", "TSGI_SERVER", "PORT", "HOST", "NODE_ENV"]) {
    delete env[name];
  }
  const child = spawn(process.execPath, [bin, "serve", ...args, "--port", "0"], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((done) => child.once("close", () => done()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(killer);
  };
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`tsgi did not start in ${timeoutMs} ms: ${output}`));
    }, timeoutMs);
    const onData = (text: string) => {
      output += text;
      const match = /serving .* on (http:\/\/\S+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child, stop });
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", (text: string) => (output += text));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`tsgi exited before serving: ${output}`));
    });
  });
}
