/**
 * The instance folder: where the all-in-one server keeps what it creates at run time (the blog
 * and polls databases, the session secret). Not under version control; created on first start.
 */
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The environment variable that moves the instance folder (tests point it at a temp dir). */
export const INSTANCE_DIR_ENV = "ALL_IN_ONE_INSTANCE_DIR";

/** The default instance folder: apps/all-in-one/instance/. */
export const DEFAULT_INSTANCE_DIR = fileURLToPath(new URL("../instance/", import.meta.url));

/**
 * The instance folder to use: `ALL_IN_ONE_INSTANCE_DIR` (resolved against the working
 * directory) when set and not empty, else apps/all-in-one/instance/.
 *
 * @example
 * instanceDirFromEnv({ ALL_IN_ONE_INSTANCE_DIR: "/tmp/aio" }); // "/tmp/aio"
 */
export function instanceDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[INSTANCE_DIR_ENV];
  return fromEnv === undefined || fromEnv === "" ? DEFAULT_INSTANCE_DIR : resolve(fromEnv);
}

/**
 * The session-signing secret kept in `<dir>/secret_key`, made on first use. Every process of a
 * cluster must sign with the same key (a cookie signed by one worker is read by another), so it
 * lives in a file, not in memory. The first process writes a temporary file and links it into
 * place (atomic: nobody ever reads a half-written key); the others find it there and read it.
 *
 * @example
 * const secret = instanceSecret("/tmp/aio"); // 64 hex characters, the same on every call
 */
export function instanceSecret(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "secret_key");
  if (!existsSync(file)) {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, randomBytes(32).toString("hex"), { mode: 0o600 });
    try {
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      rmSync(temporary, { force: true });
    }
  }
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < 32) {
    throw new Error(`${file} holds no usable secret (fewer than 32 characters): delete it`);
  }
  return secret;
}
