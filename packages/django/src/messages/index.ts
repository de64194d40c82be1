/**
 * One-time messages (Django's django.contrib.messages).
 *
 * @example
 * import { messages } from "@tsgi/django";
 * messages.success(request, "Profile saved.");
 */
export { DEBUG, ERROR, INFO, SUCCESS, WARNING, DEFAULT_TAGS, Message } from "./constants.ts";
export {
  MessageStorage,
  SessionMessageStorage,
  CookieMessageStorage,
  defaultStorage,
} from "./storage.ts";
export {
  messages,
  addMessage,
  getMessages,
  getLevel,
  setLevel,
  MessageFailure,
  MessageMiddleware,
  type AddMessageOptions,
} from "./api.ts";
