// Reads the gunicorn request corpus in ../shared/corpora (data only; MIT, see its LICENSE).
// Each .http file is one request in which `\r`, `\n`, `\t`, `\0` and `\xHH` are escapes and the
// file's own line breaks are not part of the request (the corpus README).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const corpusDir = fileURLToPath(
  new URL("../../../../shared/corpora/gunicorn-requests/", import.meta.url),
);

export interface CorpusCase {
  name: string;
  bytes: Buffer;
  /** For invalid cases: the error gunicorn raises, and the settings it depends on. */
  expected?: string;
  settings?: string;
}

const ESCAPES: Record<string, number> = { r: 0x0d, n: 0x0a, t: 0x09, "0": 0x00 };

/** Turns the corpus' escaped text into the request's bytes. */
export function decodeCorpusFile(raw: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (byte === 0x0a) continue; // the file's own line breaks
    if (byte === 0x5c /* \ */ && i + 1 < raw.length) {
      const next = String.fromCharCode(raw[i + 1]!);
      if (next in ESCAPES) {
        out.push(ESCAPES[next]!);
        i += 1;
        continue;
      }
      if (next === "x" && i + 3 < raw.length) {
        out.push(parseInt(raw.subarray(i + 2, i + 4).toString("latin1"), 16));
        i += 3;
        continue;
      }
    }
    out.push(byte);
  }
  return Buffer.from(out);
}

/** Loads `valid` or `invalid` cases; an empty list when the corpus is not beside the repo. */
export function loadCorpus(kind: "valid" | "invalid"): CorpusCase[] {
  const dir = join(corpusDir, kind);
  if (!existsSync(dir)) return [];
  const index = new Map<string, { expected: string; settings: string }>();
  const indexFile = join(dir, "INDEX.tsv");
  if (existsSync(indexFile)) {
    for (const line of readFileSync(indexFile, "utf8").split("\n").slice(1)) {
      const [name, expected, settings] = line.split("\t");
      if (name) index.set(name, { expected: expected ?? "", settings: settings ?? "" });
    }
  }
  return readdirSync(dir)
    .filter((name) => name.endsWith(".http"))
    .sort()
    .map((name) => ({
      name,
      bytes: decodeCorpusFile(readFileSync(join(dir, name))),
      ...index.get(name),
    }));
}
