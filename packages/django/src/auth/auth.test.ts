import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { clientFor } from "../core/_test-helpers.ts";
import { HttpResponse } from "../http/response.ts";
import { SessionMiddleware } from "../sessions/middleware.ts";
import { path } from "../urls/conf.ts";
import { AuthenticationMiddleware, login, logout, setUserLoader } from "./auth.ts";
import type { UserLike } from "./user.ts";

const alice: UserLike = {
  id: 7,
  pk: 7,
  username: "alice",
  isAuthenticated: true,
  isAnonymous: false,
  hasPerm: (perm) => perm === "polls.vote",
};

const urlpatterns = [
  path(
    "whoami/",
    (request) =>
      new HttpResponse(`${request.user.username || "anonymous"}:${request.user.isAuthenticated}`),
  ),
  path("login/", async (request) => {
    await login(request, alice);
    return new HttpResponse("in");
  }),
  path("logout/", async (request) => {
    await logout(request);
    return new HttpResponse("out");
  }),
];
const settings = {
  ROOT_URLCONF: urlpatterns,
  MIDDLEWARE: [SessionMiddleware, AuthenticationMiddleware],
};

afterEach(() => setUserLoader(undefined));

describe("AuthenticationMiddleware", () => {
  test("request.user is anonymous without a session user or a loader", async () => {
    assert.equal((await clientFor(settings).get("/whoami/")).text, "anonymous:false");
  });

  test("login stores the id, the loader brings the user back, logout forgets it", async () => {
    const loaded: unknown[] = [];
    setUserLoader((id) => {
      loaded.push(id);
      return id === 7 ? alice : null;
    });
    const client = clientFor(settings);
    assert.equal((await client.get("/login/")).text, "in");
    assert.equal((await client.get("/whoami/")).text, "alice:true");
    assert.deepEqual(loaded, [7]);
    const out = await client.get("/logout/");
    assert.match(out.headerAll("set-cookie")[0]!, /^sessionid=;/);
    assert.equal((await client.get("/whoami/")).text, "anonymous:false");
  });

  test("needs SessionMiddleware before it", async () => {
    const response = await clientFor({
      DEBUG: true,
      ROOT_URLCONF: urlpatterns,
      MIDDLEWARE: [AuthenticationMiddleware],
    }).get("/whoami/");
    assert.equal(response.status, 500);
    assert.match(response.text, /requires session middleware/);
  });
});
