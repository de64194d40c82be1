import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clientFor } from "../core/_test-helpers.ts";
import { HttpResponse } from "../http/response.ts";
import { SessionMiddleware } from "../sessions/middleware.ts";
import { path } from "../urls/conf.ts";
import { getMessages, MessageFailure, MessageMiddleware, messages } from "./api.ts";

const urlpatterns = [
  path("add/", (request) => {
    messages.success(request, "Thanks for voting!");
    messages.error(request, "Oops", { extraTags: "urgent" });
    messages.debug(request, "below MESSAGE_LEVEL, dropped");
    return new HttpResponse("added");
  }),
  path("show/", (request) => {
    const lines = [...getMessages(request)].map((message) => `${message.tags}:${String(message)}`);
    return new HttpResponse(lines.join("|"));
  }),
  path("peek/", () => new HttpResponse("not reading")),
];

for (const storage of ["session", "cookie"]) {
  describe(`messages in ${storage} storage`, () => {
    const middleware =
      storage === "session" ? [SessionMiddleware, MessageMiddleware] : [MessageMiddleware];
    test("round trip: added, kept while unread, shown once", async () => {
      const client = clientFor({
        ROOT_URLCONF: urlpatterns,
        MIDDLEWARE: middleware,
        MESSAGE_STORAGE: storage,
      });
      await client.get("/add/");
      await client.get("/peek/");
      assert.equal(
        (await client.get("/show/")).text,
        "success:Thanks for voting!|urgent error:Oops",
      );
      assert.equal((await client.get("/show/")).text, "");
    });
  });
}

describe("messages without the middleware", () => {
  test("adding fails loudly unless failSilently", async () => {
    const client = clientFor({
      DEBUG: true,
      ROOT_URLCONF: [
        path("loud/", (request) => {
          messages.info(request, "x");
          return new HttpResponse("unreachable");
        }),
        path("quiet/", (request) => {
          messages.info(request, "x", { failSilently: true });
          return new HttpResponse("ok");
        }),
      ],
    });
    const loud = await client.get("/loud/");
    assert.equal(loud.status, 500);
    assert.match(loud.text, new RegExp(new MessageFailure().message));
    assert.equal((await client.get("/quiet/")).text, "ok");
  });
});
