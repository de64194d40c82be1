// A converter may declare precise constructor parameters; the map still accepts the class.
import assert from "node:assert/strict";
import { it } from "node:test";
import { BaseConverter, Rule, UrlMap } from "./index.ts";

class SeparatedConverter extends BaseConverter {
  readonly separator: string;
  constructor(map: UrlMap, separator: string = "+") {
    super(map);
    this.separator = separator;
  }
  override toValue(text: string): string[] {
    return text.split(this.separator);
  }
}

it("a converter with typed constructor parameters receives the rule's arguments", () => {
  const map = new UrlMap({ converters: { sep: SeparatedConverter } });
  map.add(new Rule("/a/<sep(','):items>", { endpoint: "a" }));
  map.add(new Rule("/b/<sep:items>", { endpoint: "b" }));
  const adapter = map.bind({ serverName: "h" });
  assert.deepEqual(adapter.match("/a/x,y").values, { items: ["x", "y"] });
  assert.deepEqual(adapter.match("/b/x+y").values, { items: ["x", "y"] });
});
