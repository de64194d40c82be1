/**
 * What the matrix checks in each app: two to five routes that exercise different paths
 * through the server (a plain GET, a body the app reads, an error status, a page that shows
 * the environ). Kept here rather than in the apps, so an app's authors can change its routes
 * and see this table fail instead of a check silently going missing. An app not listed here
 * still runs in the matrix with the smallest check: `GET /` answers below 500.
 */
import type { Probe } from "./_http.ts";

/** A request and what its response must show. */
export interface RouteCheck extends Probe {
  /** The exact status; when absent, any status below 500 passes (the app answered sanely). */
  status?: number;
  /**
   * Text the body must contain; `{server}` stands for the server's name, for routes that
   * print the environ (so the check also proves the app ran on the server asked for).
   */
  contains?: string;
  /** Response headers that must be present as [name, fragment of one of its values]. */
  responseHeaders?: readonly (readonly [name: string, fragment: string])[];
}

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const JSON_TYPE = { "content-type": "application/json" };

/**
 * express-demo and fastify-demo are the same app written twice, so one list serves both: an
 * HTML page that echoes the query, a JSON body parsed by the framework, two Set-Cookie headers
 * in one response, the framework's own 500, and its 404.
 */
const FRAMEWORK_DEMO: readonly RouteCheck[] = [
  { method: "GET", path: "/?name=matrix", status: 200, contains: "matrix" },
  {
    method: "POST",
    path: "/api/echo?via=matrix",
    headers: JSON_TYPE,
    body: '{"cell":1}',
    status: 200,
    contains: '"body":{"cell":1}',
  },
  {
    method: "GET",
    path: "/visit",
    status: 200,
    contains: "visit number 1",
    // Both cookies, as two separate Set-Cookie headers: merging them is the classic bridge bug.
    responseHeaders: [
      ["set-cookie", "visits=1"],
      ["set-cookie", "last_path="],
    ],
  },
  { method: "GET", path: "/boom", status: 500 },
  { method: "GET", path: "/no-such-page", status: 404 },
];

export const ROUTES: Readonly<Record<string, readonly RouteCheck[]>> = {
  hello: [
    { method: "GET", path: "/", status: 200, contains: "Hello, World!" },
    {
      method: "GET",
      path: "/environ?x=1",
      status: 200,
      contains: "<th>tsgi.server</th><td>{server}",
    },
    {
      method: "POST",
      path: "/form",
      headers: FORM,
      body: "name=Ada",
      status: 200,
      contains: "Ada",
    },
    { method: "GET", path: "/no-such-page", status: 404 },
  ],
  "express-demo": FRAMEWORK_DEMO,
  "fastify-demo": FRAMEWORK_DEMO,
  // The flaskr tutorial through `npm run serve` (tsgi serve on the Flask app): the index, the
  // login page, login_required's redirect, a flashed error from a real form POST, the 404.
  "flask-blog": [
    { method: "GET", path: "/", status: 200, contains: "Posts" },
    { method: "GET", path: "/auth/login", status: 200, contains: "Log In" },
    {
      method: "GET",
      path: "/create",
      responseHeaders: [["location", "/auth/login"]],
    },
    {
      method: "POST",
      path: "/auth/login",
      headers: FORM,
      body: "username=nobody-here&password=x",
      status: 200,
      contains: "Incorrect username.",
    },
    { method: "GET", path: "/no-such-page", status: 404 },
  ],
  // Every app under one server: the landing page names the server, and a redirect of each
  // framework stays under its mount (dispatcher + SCRIPT_NAME), Django's mount answers.
  "all-in-one": [
    { method: "GET", path: "/", status: 200, contains: "{server}" },
    {
      method: "GET",
      path: "/flask/create",
      status: 303,
      responseHeaders: [["location", "/flask/auth/login"]],
    },
    {
      method: "GET",
      path: "/express/old",
      status: 301,
      responseHeaders: [["location", "/express/"]],
    },
    { method: "GET", path: "/django/health", status: 200, contains: '"ok":true' },
  ],
  // The polls tutorial's tsgi.ts (no migrate runs in the matrix, so no database page): APPEND_SLASH,
  // the app's static CSS, and Django's 404.
  "django-polls": [
    {
      method: "GET",
      path: "/polls/1",
      status: 301,
      responseHeaders: [["location", "/polls/1/"]],
    },
    { method: "GET", path: "/static/polls/style.css", status: 200, contains: "li a" },
    { method: "GET", path: "/no-such-page", status: 404 },
  ],
};

/** The checks for an app that has no entry above. */
export const DEFAULT_ROUTES: readonly RouteCheck[] = [{ method: "GET", path: "/" }];

/** The checks for `app`, and whether they are the default ones. */
export function routesFor(app: string): { routes: readonly RouteCheck[]; isDefault: boolean } {
  const routes = ROUTES[app];
  return routes === undefined
    ? { routes: DEFAULT_ROUTES, isDefault: true }
    : { routes, isDefault: false };
}
