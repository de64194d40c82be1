/**
 * Message levels, as Django's django.contrib.messages.constants.
 *
 * @example
 * addMessage(request, WARNING, "Your session will expire soon.");
 */
export const DEBUG = 10;
export const INFO = 20;
export const SUCCESS = 25;
export const WARNING = 30;
export const ERROR = 40;

/**
 * The CSS-friendly tag of each level.
 *
 * @example
 * DEFAULT_TAGS[SUCCESS]; // "success"
 */
export const DEFAULT_TAGS: Readonly<Record<number, string>> = {
  [DEBUG]: "debug",
  [INFO]: "info",
  [SUCCESS]: "success",
  [WARNING]: "warning",
  [ERROR]: "error",
};

/**
 * One message (Django's `Message`): renders as its text.
 *
 * @example
 * {% for message in messages %}<li class="{{ message.tags }}">{{ message }}</li>{% endfor %}
 */
export class Message {
  constructor(
    readonly level: number,
    readonly message: string,
    readonly extraTags = "",
  ) {}

  /** "success", "error", … */
  get levelTag(): string {
    return DEFAULT_TAGS[this.level] ?? "";
  }

  /** Extra tags then the level tag, space-separated. */
  get tags(): string {
    return [this.extraTags, this.levelTag].filter(Boolean).join(" ");
  }

  toString(): string {
    return this.message;
  }

  toJSON(): [number, string, string] {
    return [this.level, this.message, this.extraTags];
  }

  /** Reads what `toJSON` wrote; `undefined` for anything else. */
  static fromJSON(value: unknown): Message | undefined {
    if (!Array.isArray(value) || typeof value[0] !== "number" || typeof value[1] !== "string") {
      return undefined;
    }
    return new Message(value[0], value[1], typeof value[2] === "string" ? value[2] : "");
  }
}
