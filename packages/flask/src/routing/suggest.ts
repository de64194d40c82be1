// "Did you mean …?" for BuildError: endpoint names close to a misspelt one.

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * Names from `candidates` that look like `name`: a small edit distance, or the same last
 * dotted component (`login` → `auth.login`). Closest first, at most three.
 *
 * @example
 * suggestNames("indx", ["index", "auth.login"]); // ["index"]
 */
export function suggestNames(name: string, candidates: Iterable<string>): string[] {
  const lastPart = (text: string) => text.slice(text.lastIndexOf(".") + 1).toLowerCase();
  const scored: Array<[string, number]> = [];
  for (const candidate of candidates) {
    const score =
      lastPart(candidate) === lastPart(name)
        ? 0
        : distance(name.toLowerCase(), candidate.toLowerCase());
    if (score <= Math.max(2, Math.floor(name.length / 3))) scored.push([candidate, score]);
  }
  return scored
    .sort((a, b) => a[1] - b[1])
    .slice(0, 3)
    .map(([candidate]) => candidate);
}
