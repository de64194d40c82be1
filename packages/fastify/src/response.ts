import { request as httpRequest, ServerResponse } from "node:http";
import type { IncomingMessage } from "node:http";
import { isHopByHop } from "@tsgi/core";
import type { HeaderList } from "@tsgi/core";
import type { SocketEnd } from "./_socket-pair.ts";
import { readBody } from "./body.ts";

/** What Fastify answered: the head, and the body as node's client parsed it. */
export interface CapturedResponse {
  status: string;
  headers: HeaderList;
  /** The body, read from the moment the head was parsed; see {@link readBody}. */
  body: ReturnType<typeof readBody>;
}

/**
 * A real `http.ServerResponse` on the in-memory connection, and a promise of what it sends.
 *
 * node serialises the response exactly as it would onto TCP (status, header order, every
 * Set-Cookie, chunked or Content-Length framing, no body for HEAD/204/304), and node's own
 * client parser reads it back on the other end: no field of the response is guessed, and the
 * body streams with backpressure because the connection only moves bytes as they are read.
 */
export function captureResponse(
  req: IncomingMessage,
  server: SocketEnd,
  client: SocketEnd,
): { res: ServerResponse; response: Promise<CapturedResponse> } {
  const res = new ServerResponse(req);
  // The TSGI server in front adds its own Date; two would be wrong.
  res.sendDate = false;
  res.assignSocket(server as never);
  // node's HTTP server forwards 'drain' from socket to response; here nobody else would.
  server.on("drain", () => res.emit("drain"));
  // When the response is finished the connection is half-closed, so the parser on the other
  // end sees EOF: a body shorter than its Content-Length then fails instead of hanging.
  res.once("finish", () => server.end());

  const response = new Promise<CapturedResponse>((resolve, reject) => {
    const parser = httpRequest({
      method: req.method === "HEAD" ? "HEAD" : "GET",
      path: "/",
      createConnection: () => client as never,
    });
    parser.on("response", (message: IncomingMessage) => {
      resolve({
        status: `${message.statusCode ?? 500} ${message.statusMessage ?? ""}`.trimEnd(),
        headers: responseHeaders(message.rawHeaders),
        body: readBody(message),
      });
    });
    parser.on("error", reject);
    parser.end();
  });
  return { res, response };
}

// node adds these for its own connection handling; TSGI forbids hop-by-hop headers to apps,
// and the server in front writes its own Date.
function responseHeaders(raw: string[]): HeaderList {
  const headers: HeaderList = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (isHopByHop(name) || name.toLowerCase() === "date") continue;
    headers.push([name, raw[i + 1] as string]);
  }
  return headers;
}
