import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Choice, Publisher, Question, useTestDatabase } from "./_fixtures/models.ts";
import { connections } from "./connections.ts";
import { F } from "./query/expressions.ts";
import { withRollback } from "./testing.ts";
import { transaction } from "./transaction.ts";

useTestDatabase();

async function choiceWithVotes(votes = 0): Promise<Choice> {
  const question = await Question.objects.create({ questionText: "Q", pubDate: new Date() });
  return question.choiceSet.create({ choiceText: "c", votes });
}

describe("F expressions", () => {
  test("update with F counts two concurrent increments", async () => {
    const choice = await choiceWithVotes();
    await Promise.all([
      Choice.objects.filter({ pk: choice.pk }).update({ votes: F("votes").add(1) }),
      Choice.objects.filter({ pk: choice.pk }).update({ votes: F("votes").add(1) }),
    ]);
    await choice.refreshFromDb();
    assert.equal(choice.votes, 2);
  });

  test("save() with F on two stale copies counts both votes", async () => {
    const choice = await choiceWithVotes(10);
    const first = await Choice.objects.get({ pk: choice.pk });
    const second = await Choice.objects.get({ pk: choice.pk });
    (first as unknown as { votes: unknown }).votes = F("votes").add(1);
    (second as unknown as { votes: unknown }).votes = F("votes").add(1);
    await Promise.all([first.save(), second.save()]);
    await first.refreshFromDb();
    assert.equal(first.votes, 12);
  });

  test("arithmetic combines expressions and literals", async () => {
    const choice = await choiceWithVotes(3);
    await Choice.objects.filter({ pk: choice.pk }).update({ votes: F("votes").mul(2).sub(1) });
    assert.equal((await Choice.objects.get({ pk: choice.pk })).votes, 5);
  });

  test("F cannot be inserted or reach across joins in updates", async () => {
    const question = await Question.objects.create({ questionText: "Q", pubDate: new Date() });
    await assert.rejects(
      question.choiceSet.create({ choiceText: "c", votes: F("votes") as never }),
      {
        code: "DJANGO_E_DB_FIELD",
      },
    );
    await assert.rejects(Choice.objects.update({ votes: F("question__id") }), {
      code: "DJANGO_E_DB_FIELD",
    });
  });
});

describe("transaction.atomic", () => {
  test("commits on success", async () => {
    await transaction.atomic(async () => {
      await Publisher.objects.create({ name: "A" });
      assert.equal(transaction.inAtomicBlock(), true);
    });
    assert.equal(transaction.inAtomicBlock(), false);
    assert.equal(await Publisher.objects.count(), 1);
  });

  test("rolls back when the block throws, and rethrows", async () => {
    await assert.rejects(
      transaction.atomic(async () => {
        await Publisher.objects.create({ name: "A" });
        throw new Error("boom");
      }),
      /boom/,
    );
    assert.equal(await Publisher.objects.count(), 0);
  });

  test("nested blocks are savepoints: an inner failure keeps the outer work", async () => {
    await transaction.atomic(async () => {
      await Publisher.objects.create({ name: "outer" });
      await assert.rejects(
        transaction.atomic(async () => {
          await Publisher.objects.create({ name: "inner" });
          throw new Error("inner fails");
        }),
      );
      await transaction.atomic(async () => {
        await Publisher.objects.create({ name: "inner ok" });
      });
    });
    assert.deepEqual(await Publisher.objects.valuesList("name", { flat: true }), [
      "inner ok",
      "outer",
    ]);
  });

  test("concurrent nested blocks take turns; a failing one keeps its sibling's work", async () => {
    await transaction.atomic(async () => {
      const results = await Promise.allSettled([
        transaction.atomic(async () => {
          await Publisher.objects.create({ name: "first" });
          await new Promise((resolve) => setTimeout(resolve, 5));
          throw new Error("first fails");
        }),
        transaction.atomic(async () => {
          await Publisher.objects.create({ name: "second" });
        }),
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        ["rejected", "fulfilled"],
      );
    });
    assert.deepEqual(await Publisher.objects.valuesList("name", { flat: true }), ["second"]);
  });

  test("an integrity error inside a block rolls the block back", async () => {
    await Publisher.objects.create({ name: "taken" });
    await assert.rejects(
      transaction.atomic(async () => {
        await Publisher.objects.create({ name: "new" });
        await Publisher.objects.create({ name: "taken" });
      }),
      { code: "DJANGO_E_DB_INTEGRITY" },
    );
    assert.deepEqual(await Publisher.objects.valuesList("name", { flat: true }), ["taken"]);
  });

  test("statements from other async contexts wait instead of joining the transaction", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const inside = new Promise<void>((resolve) => {
      started = resolve;
    });
    const failing = transaction.atomic(async () => {
      await Publisher.objects.create({ name: "rolled back" });
      started();
      await gate;
      throw new Error("abort");
    });
    await inside;
    const outsider = Publisher.objects.create({ name: "outsider" });
    release();
    await assert.rejects(failing, /abort/);
    await outsider;
    assert.deepEqual(await Publisher.objects.valuesList("name", { flat: true }), ["outsider"]);
  });

  test("onCommit runs after commit, and not after rollback", async () => {
    const calls: string[] = [];
    await transaction.atomic(async () => {
      await transaction.onCommit(() => {
        calls.push("committed");
      });
      assert.deepEqual(calls, []);
    });
    await transaction
      .atomic(async () => {
        await transaction.onCommit(() => {
          calls.push("never");
        });
        throw new Error("x");
      })
      .catch(() => undefined);
    await transaction.onCommit(() => {
      calls.push("immediate");
    });
    assert.deepEqual(calls, ["committed", "immediate"]);
  });

  test("withRollback undoes everything the function did", async () => {
    const seen = await withRollback(async () => {
      await Publisher.objects.create({ name: "temp" });
      return Publisher.objects.count();
    });
    assert.equal(seen, 1);
    assert.equal(await Publisher.objects.count(), 0);
  });

  test("closing a connection inside a block is refused", async () => {
    await transaction.atomic(async () => {
      await assert.rejects(connections.get().close(), { code: "DJANGO_E_DB_TRANSACTION" });
    });
  });
});
