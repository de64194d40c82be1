/**
 * Minimal loopback clients for the matrix: HTTP/1.1 through node:http, and h2c (HTTP/2 with
 * prior knowledge) through node:http2. Both are bounded by a timeout and return the whole
 * response; they do no retries, so a flaky server shows as a failure.
 */
import http from "node:http";
import http2 from "node:http2";

/** A request the matrix sends. */
export interface Probe {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What came back. */
export interface ProbeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const TIMEOUT_MS = 10_000;

/** One HTTP/1.1 request to `baseUrl` over `agent`. */
export function request1(baseUrl: string, probe: Probe, agent: http.Agent): Promise<ProbeResponse> {
  return new Promise((resolve, reject) => {
    const body = probe.body === undefined ? undefined : Buffer.from(probe.body);
    const req = http.request(new URL(probe.path, baseUrl), {
      method: probe.method,
      agent,
      timeout: TIMEOUT_MS,
      headers: {
        ...probe.headers,
        ...(body === undefined ? {} : { "content-length": String(body.length) }),
      },
    });
    req.on("timeout", () => req.destroy(new Error(`${probe.method} ${probe.path}: timed out`)));
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.end(body);
  });
}

/** One HTTP/2 request over cleartext (h2c, prior knowledge) on a fresh session. */
export function requestH2c(baseUrl: string, probe: Probe): Promise<ProbeResponse> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(baseUrl);
    const timer = setTimeout(() => {
      session.destroy(new Error(`h2c ${probe.method} ${probe.path}: timed out`));
    }, TIMEOUT_MS);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      session.destroy();
      reject(error);
    };
    session.on("error", fail);
    const stream = session.request({
      ":method": probe.method,
      ":path": probe.path,
      ...probe.headers,
    });
    let status = 0;
    let headers: ProbeResponse["headers"] = {};
    const chunks: Buffer[] = [];
    stream.on("response", (received) => {
      status = Number(received[":status"]);
      headers = received;
    });
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("error", fail);
    stream.on("end", () => {
      clearTimeout(timer);
      session.close();
      resolve({ status, headers, body: Buffer.concat(chunks).toString("utf8") });
    });
    stream.end(probe.body);
  });
}
