/** `stringformat` (Python's %-formatting of one value) and `linenumbers`. */
import type { Library } from "../library.ts";
import { SafeString, escapeHtml, markSafe } from "../safe.ts";
import { toText } from "../values.ts";

const specPattern = /^([#0\- +]*)(\d+)?(?:\.(\d+))?([sdiuxXoeEfF%])$/;

function pad(body: string, width: number, flags: string, numeric: boolean): string {
  if (body.length >= width) return body;
  if (flags.includes("-")) return body.padEnd(width);
  if (flags.includes("0") && numeric) {
    const sign = /^[-+ ]/.test(body) ? body[0]! : "";
    return sign + body.slice(sign.length).padStart(width - sign.length, "0");
  }
  return body.padStart(width);
}

/**
 * Formats one value like Python's `"%<spec>" % value` (Django's `stringformat`): conversions
 * `s d i u x X o e E f F` with flags `- 0 + space #`, width and precision. Returns
 * `undefined` when the spec or the value does not fit.
 *
 * @example
 * pythonFormat("05.1f", 3.14159); // "003.1"
 */
export function pythonFormat(spec: string, value: unknown): string | undefined {
  const match = specPattern.exec(spec);
  if (!match) return undefined;
  const [, flags = "", widthText, precisionText, conversion] = match;
  const width = widthText === undefined ? 0 : Number(widthText);
  const precision = precisionText === undefined ? undefined : Number(precisionText);
  if (conversion === "%") return "%";
  if (conversion === "s") {
    const text = toText(value);
    return pad(precision === undefined ? text : text.slice(0, precision), width, flags, false);
  }
  const number = typeof value === "boolean" ? Number(value) : value;
  if (typeof number !== "number" || Number.isNaN(number)) return undefined;
  const sign = number < 0 ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
  const magnitude = Math.abs(number);
  let body: string;
  switch (conversion) {
    case "d":
    case "i":
    case "u":
      body = String(Math.trunc(magnitude));
      break;
    case "x":
    case "X":
    case "o": {
      const radix = conversion === "o" ? 8 : 16;
      body = Math.trunc(magnitude).toString(radix);
      if (flags.includes("#")) body = (conversion === "o" ? "0o" : "0x") + body;
      if (conversion === "X") body = body.toUpperCase();
      break;
    }
    case "e":
    case "E":
      body = magnitude.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, "e$10$2");
      if (conversion === "E") body = body.toUpperCase();
      break;
    default:
      body = magnitude.toFixed(precision ?? 6);
  }
  return pad(sign + body, width, flags, true);
}

/** Registers `stringformat` and `linenumbers` on `library`. */
export function registerFormatFilters(library: Library): void {
  library
    .filter("stringformat", (value, arg) => pythonFormat(toText(arg), value) ?? "", {
      isSafe: true,
      arg: "required",
    })
    .filter(
      "linenumbers",
      (value, _arg, { autoescape }) => {
        const lines = toText(value).split("\n");
        const width = String(lines.length).length;
        const escape = autoescape && !(value instanceof SafeString);
        return markSafe(
          lines
            .map(
              (line, i) =>
                `${String(i + 1).padStart(width, "0")}. ${escape ? escapeHtml(line) : line}`,
            )
            .join("\n"),
        );
      },
      { isSafe: true, arg: "none" },
    );
}
