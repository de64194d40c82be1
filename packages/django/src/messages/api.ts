import { DjangoError } from "../core/exceptions.ts";
import type { HttpRequest } from "../http/request.ts";
import type { MiddlewareFactory } from "../middleware/types.ts";
import { DEBUG, ERROR, INFO, SUCCESS, WARNING, type Message } from "./constants.ts";
import { defaultStorage, type MessageStorage } from "./storage.ts";

const STORAGE_KEY = "_messages";

/**
 * MessageMiddleware is missing (Django's `MessageFailure`).
 *
 * @example
 * messages.info(request, "x"); // throws MessageFailure without MessageMiddleware
 */
export class MessageFailure extends DjangoError {
  constructor() {
    super(
      "DJANGO_E_IMPROPERLY_CONFIGURED",
      "You cannot add messages without installing MessageMiddleware",
    );
  }
}

function storageOf(request: HttpRequest): MessageStorage | undefined {
  return request.state[STORAGE_KEY] as MessageStorage | undefined;
}

/** Options of {@link addMessage}. */
export interface AddMessageOptions {
  extraTags?: string;
  /** Do nothing (instead of throwing) when MessageMiddleware is not installed. */
  failSilently?: boolean;
}

/**
 * Queues a message for the user's next page (Django's `messages.add_message`).
 *
 * @example
 * addMessage(request, messages.INFO, "Vote recorded.");
 */
export function addMessage(
  request: HttpRequest,
  level: number,
  message: string,
  options: AddMessageOptions = {},
): void {
  const storage = storageOf(request);
  if (storage === undefined) {
    if (options.failSilently) return;
    throw new MessageFailure();
  }
  storage.add(level, message, options.extraTags);
}

/**
 * The request's messages, for iteration (empty when MessageMiddleware is not installed).
 *
 * @example
 * for (const message of getMessages(request)) ...
 */
export function getMessages(request: HttpRequest): Iterable<Message> {
  return storageOf(request) ?? [];
}

/**
 * The minimum level recorded for this request.
 *
 * @example
 * getLevel(request); // 20 (INFO), from MESSAGE_LEVEL
 */
export function getLevel(request: HttpRequest): number {
  return storageOf(request)?.level ?? request.settings.MESSAGE_LEVEL;
}

/**
 * Changes the minimum level for this request; false without MessageMiddleware.
 *
 * @example
 * setLevel(request, messages.DEBUG); // debug messages are kept too
 */
export function setLevel(request: HttpRequest, level: number): boolean {
  const storage = storageOf(request);
  if (storage === undefined) return false;
  storage.level = level;
  return true;
}

const shortcut =
  (level: number) =>
  (request: HttpRequest, message: string, options?: AddMessageOptions): void =>
    addMessage(request, level, message, options);

/**
 * Django's `django.contrib.messages` in one object: `messages.success(request, "Saved.")`,
 * `debug`, `info`, `warning`, `error`, the level constants and `getMessages`.
 *
 * @example
 * import { messages } from "@tsgi/django";
 * messages.success(request, "Thanks for voting!");
 */
export const messages = {
  DEBUG,
  INFO,
  SUCCESS,
  WARNING,
  ERROR,
  addMessage,
  getMessages,
  getLevel,
  setLevel,
  debug: shortcut(DEBUG),
  info: shortcut(INFO),
  success: shortcut(SUCCESS),
  warning: shortcut(WARNING),
  error: shortcut(ERROR),
};

/**
 * Django's `MessageMiddleware`: gives the request a message storage (session or cookie, per
 * MESSAGE_STORAGE) and stores unread and new messages on the way out.
 *
 * @example
 * MIDDLEWARE: [SessionMiddleware, ..., MessageMiddleware]
 */
export const MessageMiddleware: MiddlewareFactory = (getResponse) => async (request) => {
  const storage = defaultStorage(request);
  request.state[STORAGE_KEY] = storage;
  const response = await getResponse(request);
  storage.update(response);
  return response;
};
