import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AnyConverter,
  BaseConverter,
  bindConverterArgs,
  FloatConverter,
  IntegerConverter,
  isPartIsolating,
  PathConverter,
  Rule,
  RuleSyntaxError,
  StringConverter,
  UrlMap,
  UUIDConverter,
  ValidationError,
  type ConverterArgs,
} from "./index.ts";

const map = new UrlMap();
const matches = (converter: BaseConverter, text: string) =>
  new RegExp(`^(?:${converter.regex})$`, "u").test(text);

describe("built-in converters", () => {
  it("string: one segment, minlength/maxlength/length", () => {
    const plain = new StringConverter(map);
    assert.ok(matches(plain, "hello"));
    assert.ok(!matches(plain, ""));
    assert.ok(!matches(plain, "a/b"));
    const exact = new StringConverter(map, { length: 2 });
    assert.ok(matches(exact, "en") && !matches(exact, "eng") && !matches(exact, "e"));
    const range = new StringConverter(map, 2, 3);
    assert.ok(matches(range, "ab") && matches(range, "abc") && !matches(range, "abcd"));
    assert.equal(plain.toUrl("a/b c?"), "a%2Fb%20c%3F");
    assert.throws(() => new StringConverter(map, { length: -1 }), RuleSyntaxError);
    assert.throws(() => new StringConverter(map, { minlength: 5, maxlength: 2 }), RuleSyntaxError);
    assert.throws(() => new StringConverter(map, { size: 2 }), /unknown argument "size"/);
  });

  it("int: digits only, fixed_digits, min/max, signed, safe integers", () => {
    const plain = new IntegerConverter(map);
    assert.equal(plain.weight, 50);
    assert.ok(
      matches(plain, "42") &&
        !matches(plain, "-4") &&
        !matches(plain, "4.0") &&
        !matches(plain, "x"),
    );
    assert.equal(plain.toValue("0042"), 42);
    assert.throws(() => plain.toValue("9007199254740993"), ValidationError);
    const fixed = new IntegerConverter(map, 4);
    assert.throws(() => fixed.toValue("123"), ValidationError);
    assert.equal(fixed.toUrl(7), "0007");
    const range = new IntegerConverter(map, { min: 1, max: 9 });
    assert.throws(() => range.toValue("0"), ValidationError);
    assert.throws(() => range.toValue("10"), ValidationError);
    assert.equal(range.toValue("9"), 9);
    const signed = new IntegerConverter(map, { signed: true, fixed_digits: 3 });
    assert.ok(matches(signed, "-4"));
    assert.equal(signed.toValue("-12"), -12);
    assert.equal(signed.toUrl(-5), "-05");
    assert.throws(() => plain.toUrl(-5), ValidationError);
    assert.throws(() => plain.toUrl(1.5), ValidationError);
    assert.throws(() => plain.toUrl("abc"), ValidationError);
    assert.equal(plain.toUrl("12"), "12");
    assert.equal(plain.toUrl(12345678901234567890n), "12345678901234567890");
    assert.throws(() => new IntegerConverter(map, { signed: "yes" }), RuleSyntaxError);
  });

  it("float: needs a dot, min/max, signed; builds with a dot", () => {
    const plain = new FloatConverter(map);
    assert.ok(
      matches(plain, "1.5") &&
        !matches(plain, "1") &&
        !matches(plain, "-1.5") &&
        !matches(plain, "1e3"),
    );
    assert.equal(plain.toValue("2.50"), 2.5);
    assert.equal(plain.toUrl(2), "2.0");
    assert.equal(plain.toUrl(0.5), "0.5");
    assert.equal(plain.toUrl(1e-7), "0.0000001");
    assert.throws(() => plain.toUrl(-1.5), ValidationError);
    assert.throws(() => plain.toUrl(Number.NaN), ValidationError);
    const bounded = new FloatConverter(map, { max: 1.0, signed: true });
    assert.ok(matches(bounded, "-0.5"));
    assert.throws(() => bounded.toValue("1.5"), ValidationError);
    assert.equal(bounded.toUrl(-0.25), "-0.25");
    assert.throws(
      () => new FloatConverter(map, { fixed_digits: 2 }),
      /unknown argument "fixed_digits"/,
    );
  });

  it("path: slashes allowed, weight 200, not part-isolating, keeps / when building", () => {
    const path = new PathConverter(map);
    assert.equal(path.weight, 200);
    assert.equal(isPartIsolating(path), false);
    assert.ok(matches(path, "a/b/c") && !matches(path, "/a") && !matches(path, ""));
    assert.equal(path.toUrl("a b/ü.txt"), "a%20b/%C3%BC.txt");
  });

  it("uuid: hex 8-4-4-4-12, value lower-cased", () => {
    const uuid = new UUIDConverter(map);
    const id = "A0B1C2D3-E4F5-4a6b-8c7d-0123456789AB";
    assert.ok(matches(uuid, id) && !matches(uuid, "a0b1c2d3e4f54a6b8c7d0123456789ab"));
    assert.equal(uuid.toValue(id), id.toLowerCase());
    assert.equal(uuid.toUrl(id), id.toLowerCase());
    assert.throws(() => uuid.toUrl("nope"), ValidationError);
  });

  it("any: only the listed words, regex-escaped", () => {
    const any = new AnyConverter(map, "a.b", "c", "d e");
    assert.ok(matches(any, "a.b") && matches(any, "c") && matches(any, "d e"));
    assert.ok(!matches(any, "axb") && !matches(any, "cc"));
    assert.equal(any.toUrl("d e"), "d%20e");
    assert.throws(() => any.toUrl("x"), /"x" is not one of "a.b", "c", "d e"/);
    assert.throws(() => new AnyConverter(map), RuleSyntaxError);
    assert.throws(() => new AnyConverter(map, { a: 1 }), RuleSyntaxError);
  });
});

describe("custom converters", () => {
  class ListConverter extends BaseConverter {
    readonly separator: string;
    constructor(urlMap: UrlMap, ...args: ConverterArgs) {
      super(urlMap);
      const { sep = "+" } = bindConverterArgs("list", args, ["sep"]);
      this.separator = String(sep);
    }
    override toValue(text: string) {
      return text.split(this.separator);
    }
    override toUrl(value: unknown) {
      return (value as unknown[]).map((item) => super.toUrl(item)).join(this.separator);
    }
  }

  class EvenConverter extends BaseConverter {
    override regex = "\\d+";
    override weight = 40;
    override toValue(text: string) {
      const value = Number(text);
      if (value % 2 !== 0) throw new ValidationError("odd");
      return value;
    }
  }

  class SlashyConverter extends BaseConverter {
    override regex = "[a-z]+/[a-z]+";
  }

  const customMap = new UrlMap({
    converters: { list: ListConverter, even: EvenConverter, slashy: SlashyConverter },
  });
  customMap.add(new Rule("/tags/<list(sep=','):tags>", { endpoint: "tags" }));
  customMap.add(new Rule("/plus/<list:items>", { endpoint: "plus" }));
  customMap.add(new Rule("/n/<even:n>", { endpoint: "even" }));
  customMap.add(new Rule("/n/<int:n>", { endpoint: "int" }));
  customMap.add(new Rule("/s/<slashy:pair>", { endpoint: "pair" }));
  const adapter = customMap.bind({ serverName: "example.com" });

  it("receives keyword arguments and converts both ways", () => {
    assert.deepEqual(adapter.match("/tags/a,b,c").values, { tags: ["a", "b", "c"] });
    assert.deepEqual(adapter.match("/plus/x+y").values, { items: ["x", "y"] });
    assert.equal(adapter.build("tags", { tags: ["a b", "c"] }), "/tags/a%20b,c");
  });

  it("a ValidationError in toValue falls through to the next rule", () => {
    assert.equal(adapter.match("/n/4").endpoint, "even");
    assert.equal(adapter.match("/n/5").endpoint, "int");
  });

  it("a regex with / makes the converter span segments unless partIsolating is set", () => {
    assert.equal(isPartIsolating(new SlashyConverter(customMap)), false);
    assert.deepEqual(adapter.match("/s/ab/cd").values, { pair: "ab/cd" });
  });

  it("unknown converters and bad arguments fail at add()", () => {
    assert.throws(
      () => customMap.add(new Rule("/x/<nope:x>")),
      (error: unknown) =>
        error instanceof RuleSyntaxError && /unknown converter "nope"/.test(error.message),
    );
    assert.throws(() => customMap.add(new Rule("/x/<list(1, 2):x>")), RuleSyntaxError);
    assert.throws(
      () => customMap.add(new Rule("/x/<int(min='a'):x>")),
      /Rule "\/x\/<int\(min='a'\):x>", variable "x": .*min must be a number/,
    );
  });
});
