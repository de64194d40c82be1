// How the suite reaches a host: the protocol it speaks (HTTP/1.x over raw bytes, or HTTP/2
// through node's client) and the connection interface every case uses, whichever it is.
import type { RawResponse } from "./_raw-http.ts";
import type { ConformanceTestId } from "./ids.ts";

/**
 * The protocol the suite speaks to a host.
 *
 * - "http1": HTTP/1.x over raw sockets (the default); over TLS when the host's URL is
 *   "https://" (ALPN "http/1.1").
 * - "h2c": HTTP/2 over cleartext with prior knowledge (the host's URL is "http://").
 * - "h2": HTTP/2 over TLS, negotiated with ALPN (the host's URL is "https://").
 */
export type ConformanceTransport = "http1" | "h2c" | "h2";

/** TLS client options for hosts whose URL is "https://" (a loopback test certificate). */
export interface ConformanceTls {
  /** Trusted CA certificates (PEM); default: accept any certificate (`rejectUnauthorized`). */
  ca?: string | Buffer;
  /** Verify the host's certificate (default false: tests use self-signed ones on loopback). */
  rejectUnauthorized?: boolean;
  /** SNI name and name to verify (default: the URL's host name). */
  servername?: string;
}

/**
 * One client connection to the host under test, the same for every transport. Requests are
 * written as HTTP/1.x bytes (see `rawRequest`); responses are read as {@link RawResponse}s.
 * Over HTTP/2 each request becomes a stream of the connection (see _h2-client.ts).
 */
export interface ClientConnection {
  /** The client's port, which a server reports as REMOTE_PORT. */
  readonly localPort: number;
  /** True once the server closed (or reset) the connection. */
  readonly ended: boolean;
  /** The socket or session error, if the connection was reset rather than closed cleanly. */
  readonly error: Error | undefined;
  /**
   * What arrived and was not read yet. HTTP/1.x: the raw bytes. HTTP/2: the oldest unread
   * response, its head rendered as HTTP/1-style lines ("HTTP/2 200", "name: value") followed
   * by the DATA received so far, so byte-level predicates read the same.
   */
  readonly buffered: Buffer;
  /** Writes request bytes (a string is Latin-1); resolves once the transport took them. */
  send(data: string | Uint8Array): Promise<void>;
  /** Stops reading, so the server meets backpressure (HTTP/2: flow control stops too). */
  pause(): void;
  resume(): void;
  /** The client is done sending (HTTP/1.x: FIN; HTTP/2: GOAWAY, no new streams). */
  end(): void;
  /** Closes the connection at once, the way a client that goes away does. */
  destroy(): void;
  /**
   * Reads the next response, 1xx included. A body cut short comes back with
   * `complete: false`; a missing or malformed head throws `ProtocolError`.
   */
  readResponse(options?: { method?: string; timeoutMs?: number }): Promise<RawResponse>;
  /** Waits until `predicate` holds for {@link buffered}. */
  waitFor(
    predicate: (buffered: Buffer) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<void>;
  /** Waits until the server closes the connection. */
  waitForEnd(timeoutMs?: number): Promise<void>;
  /**
   * After a response read as cut short: waits until the client cannot take what follows for
   * a response. HTTP/1.x: the server closes the connection (nothing else can say "cut
   * short"). HTTP/2: the stream was reset (RST_STREAM); the connection may carry on.
   */
  waitForAbort(timeoutMs?: number): Promise<void>;
  /** Asserts that nothing arrives (and the connection stays open) for `ms`. */
  expectSilence(ms: number, why: string): Promise<void>;
}

/**
 * Tests that are about HTTP/1.x itself, skipped over HTTP/2 with these reasons. Everything
 * else runs over every transport: environ, input, 100-continue, response, errors, lifecycle.
 */
export const HTTP1_ONLY_TESTS = {
  "environ.absolute-form":
    "HTTP/2 has no absolute-form request target: :scheme, :authority and :path are separate (RFC 9113 §8.3.1)",
  "response.connection-close":
    "Connection is a connection-specific field HTTP/2 forbids (RFC 9113 §8.2.2), and one response cannot close a connection other streams share",
  "connection.pipelined": "pipelining is HTTP/1.1's; HTTP/2 multiplexes streams instead",
  "connection.http10": "HTTP/1.0 has no HTTP/2 form",
  "connection.http10-keep-alive": "HTTP/1.0 has no HTTP/2 form",
  "connection.close-request":
    "Connection is a connection-specific field HTTP/2 forbids (RFC 9113 §8.2.2)",
  "limits.smuggling":
    "HTTP/2 delimits bodies with DATA frames and END_STREAM: Content-Length/Transfer-Encoding ambiguity cannot be sent (Transfer-Encoding is forbidden, RFC 9113 §8.2.2)",
} as const satisfies Partial<Record<ConformanceTestId, string>>;

/** What a transport means for what the app and the client see. */
export interface TransportFacts {
  /** SERVER_PROTOCOL of a request sent the usual way ("HTTP/1.1" or "HTTP/2"). */
  protocol: "HTTP/1.1" | "HTTP/2";
  /** The protocols a client can use on this transport, as SERVER_PROTOCOL reads them. */
  versions: ReadonlyArray<"HTTP/1.1" | "HTTP/1.0" | "HTTP/2">;
  /** HTTP/2 has no reason phrase. */
  reasonPhrase: boolean;
  /** How a body of unknown length is delimited ("chunked", or END_STREAM over HTTP/2). */
  streamedFraming: "chunked" | "end-stream";
  http2: boolean;
}

/** The facts of `transport` (see {@link TransportFacts}). */
export function transportFacts(transport: ConformanceTransport): TransportFacts {
  if (transport === "http1") {
    return {
      protocol: "HTTP/1.1",
      versions: ["HTTP/1.1", "HTTP/1.0"],
      reasonPhrase: true,
      streamedFraming: "chunked",
      http2: false,
    };
  }
  return {
    protocol: "HTTP/2",
    versions: ["HTTP/2"],
    reasonPhrase: false,
    streamedFraming: "end-stream",
    http2: true,
  };
}
