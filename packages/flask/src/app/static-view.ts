import { sendFromDirectory } from "../static/send-file.ts";
import type { Response } from "../wrappers/response.ts";

/**
 * The view behind `/static/<path:filename>` (and each blueprint's static route).
 *
 * @example
 * app.get("/assets/<path:filename>", ({ filename }) => sendStaticFile("/srv/assets", String(filename), 3600));
 */
export function sendStaticFile(
  folder: string,
  filename: string,
  maxAge: number | null | undefined,
): Promise<Response> {
  return sendFromDirectory(folder, filename, { maxAge: maxAge ?? null });
}
