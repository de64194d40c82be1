// Date and date-time form fields. The ORM stores UTC instants, so naive input is read as UTC.
import { Field } from "./fields.ts";
import { isEmptyValue } from "./utils.ts";
import { DateInput, DateTimeInput, type Widget } from "./widgets.ts";

const DATETIME_INPUT =
  /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d\d:?\d\d)?$/;

/**
 * Parses the accepted input formats; naive times are UTC. Undefined when malformed.
 *
 * @example
 * parseDateTimeInput("2026-11-25 10:30"); // 2026-11-25T10:30:00.000Z
 */
export function parseDateTimeInput(text: string): Date | undefined {
  const match = DATETIME_INPUT.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "0", zone] = match;
  const ms = Number(frac.padEnd(3, "0").slice(0, 3));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const date = new Date(utc);
  // Reject overflow such as 2026-02-30 (Date.UTC would roll it into March).
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  if (zone && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    return new Date(utc - offset * 60_000);
  }
  return date;
}

/**
 * A date and time: `YYYY-MM-DD HH:MM[:SS]`, `YYYY-MM-DDTHH:MM` (datetime-local), a date alone,
 * or ISO 8601 with a zone; naive input is read as UTC. "Enter a valid date/time."
 *
 * @example
 * static fields = { pubDate: new DateTimeField() };
 */
export class DateTimeField extends Field {
  protected override defaultWidget(): Widget {
    return new DateTimeInput();
  }
  protected override defaultMessages(): Record<string, string> {
    return { invalid: "Enter a valid date/time." };
  }
  override toPython(value: unknown): unknown {
    if (isEmptyValue(value)) return null;
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw this.error("invalid");
      return value;
    }
    const date = parseDateTimeInput(String(value));
    if (!date) throw this.error("invalid");
    return date;
  }
}

/**
 * A calendar date (`YYYY-MM-DD`, UTC midnight): "Enter a valid date."
 *
 * @example
 * static fields = { born: new DateField({ required: false }) };
 */
export class DateField extends Field {
  protected override defaultWidget(): Widget {
    return new DateInput();
  }
  protected override defaultMessages(): Record<string, string> {
    return { invalid: "Enter a valid date." };
  }
  override toPython(value: unknown): unknown {
    if (isEmptyValue(value)) return null;
    if (value instanceof Date) return value;
    const text = String(value).trim();
    const date = /^\d{4}-\d\d-\d\d$/.test(text) ? parseDateTimeInput(text) : undefined;
    if (!date) throw this.error("invalid");
    return date;
  }
}
