import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { EmptyPage, PageNotAnInteger, Paginator } from "./paginator.ts";
import { BadSignature, dumps, loads, SignatureExpired, Signer } from "./signing.ts";

describe("signing", () => {
  test("sign and unsign; tampering and other salts fail", () => {
    const signer = new Signer({ key: "secret", salt: "a" });
    const signed = signer.sign("hello");
    assert.equal(signer.unsign(signed), "hello");
    assert.throws(() => signer.unsign(signed.replace("hello", "hellp")), BadSignature);
    assert.throws(() => new Signer({ key: "secret", salt: "b" }).unsign(signed), BadSignature);
    assert.throws(() => new Signer({ key: "" }).sign("x"), /SECRET_KEY setting must not be empty/);
  });

  test("dumps/loads round-trip, compress, and expire", () => {
    const data = { list: Array.from({ length: 50 }, () => "repeat") };
    const token = dumps(data, { key: "k", compress: true });
    assert.ok(token.startsWith("."), "compressed payloads are marked");
    assert.deepEqual(loads(token, { key: "k" }), data);
    assert.throws(() => loads(token, { key: "k", maxAge: -1 }), SignatureExpired);
    assert.throws(() => loads("garbage", { key: "k" }), BadSignature);
  });
});

describe("Paginator", () => {
  test("pages an array with orphans and page helpers", async () => {
    const paginator = new Paginator([1, 2, 3, 4, 5, 6, 7], 3, { orphans: 1 });
    const first = await paginator.page(1);
    assert.deepEqual(first.objectList, [1, 2, 3]);
    assert.equal(paginator.numPages, 2);
    const last = await paginator.page("2");
    assert.deepEqual(last.objectList, [4, 5, 6, 7]);
    assert.equal(last.hasNext(), false);
    assert.equal(last.previousPageNumber(), 1);
    assert.equal(last.startIndex(), 4);
    assert.equal(last.endIndex(), 7);
    await assert.rejects(paginator.page("x"), PageNotAnInteger);
    await assert.rejects(paginator.page(3), EmptyPage);
    assert.equal((await paginator.getPage(99)).number, 2);
    assert.equal((await paginator.getPage("nope")).number, 1);
  });

  test("an empty list has one empty page unless allowEmptyFirstPage is false", async () => {
    assert.equal((await new Paginator([], 10).page(1)).length, 0);
    await assert.rejects(new Paginator([], 10, { allowEmptyFirstPage: false }).page(1), EmptyPage);
  });
});
