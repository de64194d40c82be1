import assert from "node:assert/strict";
import { test } from "node:test";
import { abort, DEFAULT_EXCEPTIONS } from "./abort.ts";
import {
  MethodNotAllowed,
  NotFound,
  RequestedRangeNotSatisfiable,
  Unauthorized,
} from "./classes.ts";
import { HTTPException } from "./http-exception.ts";

test("Werkzeug's error page: title, name, escaped description", () => {
  const response = new NotFound("<no> such thing").getResponse();
  assert.equal(response.status, "404 Not Found");
  assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(
    response.text,
    "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>&lt;no&gt; such thing</p>\n",
  );
});

test("extra headers: Allow, WWW-Authenticate, Content-Range", () => {
  assert.equal(
    new MethodNotAllowed(["GET", "POST"]).getResponse().headers.get("allow"),
    "GET, POST",
  );
  assert.equal(
    new Unauthorized(undefined, { wwwAuthenticate: 'Basic realm="x"' })
      .getResponse()
      .headers.get("www-authenticate"),
    'Basic realm="x"',
  );
  assert.equal(
    new RequestedRangeNotSatisfiable(10).getResponse().headers.get("content-range"),
    "bytes */10",
  );
});

test("abort throws the class for each code, with the description", () => {
  for (const [code, ErrorClass] of DEFAULT_EXCEPTIONS) {
    assert.throws(
      () => abort(code, "why"),
      (error: unknown) => {
        assert.ok(error instanceof ErrorClass);
        assert.ok(error instanceof HTTPException);
        assert.equal(error.code, code);
        assert.equal(error.description, "why");
        return true;
      },
    );
  }
});
