// Validation of command-line input against the User fields, shared by createsuperuser and
// changepassword: the same messages as the model, in Django's "Error: …" form.
import { ValidationError } from "../../../db/index.ts";
import { User } from "../models.ts";
import { normalizeUsername } from "../validators.ts";

/** Django's message for a username that exists already (createsuperuser's wording). */
export const USERNAME_TAKEN = "Error: That username is already taken.";

/** Cleans one User field value; the error message, or `undefined` when valid. */
export function fieldError(name: "username" | "email", value: string): string | undefined {
  try {
    User.getMeta().getField(name)!.clean(value);
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return `Error: ${error.messages.join("; ")}`;
    throw error;
  }
}

/** Validates a new username: field rules, then uniqueness. */
export async function usernameError(raw: string): Promise<string | undefined> {
  const username = normalizeUsername(raw);
  const invalid = fieldError("username", username);
  if (invalid !== undefined) return invalid;
  if (await User.objects.filter({ username }).exists()) return USERNAME_TAKEN;
  return undefined;
}
