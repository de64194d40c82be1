/**
 * `POST /upload`: one multipart file (field `file`) through multer, answered with its name,
 * size and SHA-256, so a test can check that every byte arrived.
 */
import { createHash } from "node:crypto";
import type { RequestHandler } from "express";
import multer from "multer";

/** Largest upload accepted, in bytes (multer answers 413-style errors past it). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const uploader = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_UPLOAD_BYTES },
});

/** multer's parser followed by the handler that describes the file. */
export const uploadHandlers: RequestHandler[] = [
  uploader.single("file"),
  (req, res) => {
    if (req.file === undefined) {
      res.status(400).json({ error: 'no file in field "file"' });
      return;
    }
    res.json({
      name: req.file.originalname,
      type: req.file.mimetype,
      size: req.file.size,
      sha256: createHash("sha256").update(req.file.buffer).digest("hex"),
      fields: req.body as Record<string, string>,
    });
  },
];
