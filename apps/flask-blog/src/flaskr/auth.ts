/**
 * The `auth` blueprint, as the tutorial's `flaskr/auth.py`: register, log in and log out under
 * `/auth`, the logged-in user loaded into `g.user` before every request, and `loginRequired`
 * for views that need one.
 */
import {
  Blueprint,
  flash,
  g,
  redirect,
  renderTemplate,
  request,
  session,
  urlFor,
  type View,
} from "@tsgi/flask";
import { getDb } from "./db.ts";
import { checkPasswordHash, generatePasswordHash } from "./passwords.ts";

/** A row of the `user` table. */
export interface User {
  id: number;
  username: string;
  password: string;
}

declare module "@tsgi/flask" {
  interface AppGlobals {
    /** The logged-in user, or null (set by {@link loadLoggedInUser} before every request). */
    user?: User | null;
  }
}

/**
 * The blueprint: `/auth/register`, `/auth/login`, `/auth/logout`.
 *
 * @example
 * app.registerBlueprint(bp); // urlFor("auth.login") → "/auth/login"
 */
export const bp = new Blueprint("auth", import.meta.url, { urlPrefix: "/auth" });

/**
 * Wraps a view so that anonymous users are sent to the login page instead (the tutorial's
 * `login_required` decorator). The wrapper keeps the view's name, which is its endpoint.
 *
 * @example
 * bp.route("/create", { methods: ["GET", "POST"] }, loginRequired(function create() { … }));
 */
export function loginRequired<V extends View>(view: V): V {
  const wrapped = function (this: unknown, ...args: Parameters<V>) {
    if (g.user == null) return redirect(urlFor("auth.login"));
    return view.apply(this, args);
  };
  // functools.wraps: the endpoint is taken from the function's name.
  Object.defineProperty(wrapped, "name", { value: view.name });
  return wrapped as unknown as V;
}

/**
 * If a user id is stored in the session, loads that user from the database into `g.user`.
 *
 * @example
 * bp.beforeAppRequest(loadLoggedInUser);
 */
export function loadLoggedInUser(): void {
  const userId = session.get("user_id");
  g.user =
    userId == null
      ? null
      : ((getDb().prepare("SELECT * FROM user WHERE id = ?").get(userId) as User | undefined) ??
        null);
}

bp.beforeAppRequest(loadLoggedInUser);

bp.route("/register", { methods: ["GET", "POST"] }, async function register() {
  if (request.method === "POST") {
    // As in Flask, a missing field answers 400 right here; `as string` only tells TypeScript
    // (whose index access may be undefined) what that guarantees.
    const username = request.form["username"] as string;
    const password = request.form["password"] as string;
    const db = getDb();
    let error: string | null = null;

    if (!username) error = "Username is required.";
    else if (!password) error = "Password is required.";

    if (error === null) {
      try {
        db.prepare("INSERT INTO user (username, password) VALUES (?, ?)").run(
          username,
          await generatePasswordHash(password),
        );
      } catch (caught) {
        // The username was already taken (UNIQUE constraint): show a validation error.
        if (!isUniqueViolation(caught)) throw caught;
        error = `User ${username} is already registered.`;
      }
      // Success, go to the login page.
      if (error === null) return redirect(urlFor("auth.login"));
    }
    flash(error);
  }
  return renderTemplate("auth/register.html");
});

bp.route("/login", { methods: ["GET", "POST"] }, async function login() {
  if (request.method === "POST") {
    const username = request.form["username"] as string;
    const password = request.form["password"] as string;
    const user = getDb().prepare("SELECT * FROM user WHERE username = ?").get(username) as
      User | undefined;
    let error: string | null = null;

    if (user === undefined) error = "Incorrect username.";
    else if (!(await checkPasswordHash(user.password, password))) error = "Incorrect password.";

    if (error === null && user !== undefined) {
      // Store the user id in a new session and return to the index.
      session.clear();
      session.set("user_id", user.id);
      return redirect(urlFor("index"));
    }
    flash(error as string);
  }
  return renderTemplate("auth/login.html");
});

bp.route("/logout", function logout() {
  session.clear();
  return redirect(urlFor("index"));
});

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "SQLITE_CONSTRAINT_UNIQUE";
}
