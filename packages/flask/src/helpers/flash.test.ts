import assert from "node:assert/strict";
import { test } from "node:test";
import { Flask } from "../app/flask.ts";
import { flash, getFlashedMessages } from "./flash.ts";

test("flash: messages survive a redirect, are shown once, and filter by category", async () => {
  const app = new Flask(import.meta.url, { staticFolder: null });
  app.config.SECRET_KEY = "dev";
  app.config.TESTING = true;
  app.post("/save", function save() {
    flash("Saved.");
    flash("Title is required.", "error");
    return "ok";
  });
  app.get("/show", function show() {
    return {
      all: getFlashedMessages(),
      again: getFlashedMessages(),
      categories: getFlashedMessages({ withCategories: true }),
      errors: getFlashedMessages({ categoryFilter: ["error"] }),
    };
  });
  const client = app.testClient();
  await client.post("/save");
  assert.deepEqual((await client.get("/show")).json(), {
    all: ["Saved.", "Title is required."],
    again: ["Saved.", "Title is required."],
    categories: [
      ["message", "Saved."],
      ["error", "Title is required."],
    ],
    errors: ["Title is required."],
  });
  assert.deepEqual((await client.get("/show")).json<{ all: string[] }>().all, []);
});
