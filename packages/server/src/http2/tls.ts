import { readFile } from "node:fs/promises";
import { createSecureContext } from "node:tls";
import type { ServeOptions } from "../types.ts";

/** The PEM certificate chain and private key of a TLS endpoint. */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/**
 * Thrown when `certfile`/`keyfile` cannot be used: only one of them given
 * (`TSGI_E_TLS_OPTIONS`), or a file that cannot be read (`TSGI_E_TLS_FILE`, with the
 * system error as `cause`). A bad certificate fails at start, never at the first request.
 *
 * @example
 * try {
 *   await http2Server.listen(app, { certfile: "cert.pem" });
 * } catch (error) {
 *   if (error instanceof TlsOptionsError) console.error(error.code, error.message);
 * }
 */
export class TlsOptionsError extends Error {
  readonly code: "TSGI_E_TLS_OPTIONS" | "TSGI_E_TLS_FILE";

  constructor(
    code: "TSGI_E_TLS_OPTIONS" | "TSGI_E_TLS_FILE",
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "TlsOptionsError";
    this.code = code;
  }
}

/**
 * Reads `certfile` and `keyfile` (PEM) when both are given and checks that OpenSSL takes
 * them as a pair; `undefined` when neither is given (the server then speaks cleartext: h2c
 * and HTTP/1.1).
 *
 * @throws TlsOptionsError when only one is given, a file cannot be read, or the files are
 * not a PEM certificate and its private key.
 *
 * @example
 * const tls = await loadTlsFiles({ certfile: "cert.pem", keyfile: "key.pem" });
 */
export async function loadTlsFiles(
  options: Pick<ServeOptions, "certfile" | "keyfile">,
): Promise<TlsFiles | undefined> {
  const { certfile, keyfile } = options;
  if (certfile === undefined && keyfile === undefined) return undefined;
  if (certfile === undefined || keyfile === undefined) {
    throw new TlsOptionsError(
      "TSGI_E_TLS_OPTIONS",
      `TLS needs both certfile and keyfile; only ${certfile === undefined ? "keyfile" : "certfile"} was given`,
    );
  }
  const [cert, key] = await Promise.all([
    readPem(certfile, "certfile"),
    readPem(keyfile, "keyfile"),
  ]);
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    throw new TlsOptionsError(
      "TSGI_E_TLS_FILE",
      `${certfile} and ${keyfile} are not a usable PEM certificate and private key: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { cert, key };
}

async function readPem(path: string, option: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new TlsOptionsError(
      "TSGI_E_TLS_FILE",
      `cannot read the ${option} ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
