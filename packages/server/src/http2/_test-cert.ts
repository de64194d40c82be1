// Test-only: a self-signed certificate for 127.0.0.1, ::1 and localhost, made with the
// openssl binary in a temporary directory once per test process (node cannot make X.509
// certificates itself). Without openssl the tests that need TLS fail with a clear message
// instead of being skipped.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** PEM files on disk (for `certfile`/`keyfile`) and their contents (for a client's `ca`). */
export interface TestCertificate {
  certfile: string;
  keyfile: string;
  cert: Buffer;
  dir: string;
}

let made: Promise<TestCertificate> | undefined;

/** The process's test certificate, made on first use and removed when the process exits. */
export function testCertificate(): Promise<TestCertificate> {
  return (made ??= makeCertificate());
}

async function makeCertificate(): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), "tsgi-http2-cert-"));
  process.once("exit", () => void rm(dir, { recursive: true, force: true }));
  const certfile = join(dir, "cert.pem");
  const keyfile = join(dir, "key.pem");
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
    "-keyout",
    keyfile,
    "-out",
    certfile,
  ]);
  return { certfile, keyfile, cert: await readFile(certfile), dir };
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 20_000 }, (error, _stdout, stderr) => {
      if (error === null) {
        resolve();
        return;
      }
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      reject(
        new Error(
          missing
            ? "the http2 TLS tests need the openssl binary to make a test certificate; install openssl (e.g. apt-get install openssl)"
            : `openssl could not make a test certificate: ${stderr || error.message}`,
          { cause: error },
        ),
      );
    });
  });
}
