/**
 * `POST /upload`: one multipart file through @fastify/multipart, hashed as it streams in (it is
 * never buffered whole), answered with its name, size and SHA-256.
 */
import { createHash } from "node:crypto";
import type { FastifyPluginAsync } from "fastify";

/** Largest upload accepted, in bytes (@fastify/multipart answers 413 past it). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/**
 * The upload route; @fastify/multipart must be registered on the instance first.
 *
 * @example
 * app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES } }).register(uploadPlugin);
 */
export const uploadPlugin: FastifyPluginAsync = async (fastify) => {
  fastify.post("/upload", async (request, reply) => {
    const fields: Record<string, string> = {};
    let file: { name: string; type: string; size: number; sha256: string } | undefined;
    for await (const part of request.parts()) {
      if (part.type === "field") {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      const hash = createHash("sha256");
      let size = 0;
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.byteLength;
      }
      if (part.file.truncated) return reply.code(413).send({ error: "file too large" });
      file = { name: part.filename, type: part.mimetype, size, sha256: hash.digest("hex") };
    }
    if (file === undefined) return reply.code(400).send({ error: 'no file in field "file"' });
    return { ...file, fields };
  });
};
