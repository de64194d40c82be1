// Accept-Encoding negotiation (RFC 9110 §12.5.3), shared by compress and staticFiles.

/**
 * The best of `supported` (listed in the server's order of preference) that the client
 * accepts, or undefined. A coding absent from the header is acceptable only through `*`; q=0
 * refuses it; ties go to the server's order. `x-gzip` counts as `gzip`.
 */
export function negotiateEncoding<T extends string>(
  header: string | undefined,
  supported: readonly T[],
): T | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [rawName, ...params] = part.split(";");
    let name = rawName!.trim().toLowerCase();
    if (name === "") continue;
    if (name === "x-gzip") name = "gzip";
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split("=").map((text) => text.trim());
      if (key?.toLowerCase() === "q") q = qValue(value);
    }
    // A repeated coding keeps its highest weight.
    weights.set(name, Math.max(q, weights.get(name) ?? -1));
  }
  let best: T | undefined;
  let bestQ = 0;
  for (const coding of supported) {
    const q = weights.get(coding) ?? weights.get("*") ?? 0;
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

function qValue(text: string | undefined): number {
  if (text === undefined || !/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(text)) return 0;
  return Number(text);
}

/** True when a list header (Vary) already names `token` or `*`. */
export function listHasToken(values: readonly string[], token: string): boolean {
  const wanted = token.toLowerCase();
  return values.some((value) =>
    value.split(",").some((item) => {
      const name = item.trim().toLowerCase();
      return name === wanted || name === "*";
    }),
  );
}
