import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  autodetectChanges,
  stateForwards,
  emptyState,
  stateFromModels,
  ValidationError,
} from "../../db/index.ts";
import { describeTestCase } from "../../test/index.ts";
import { settings } from "./_test-project.ts";
import { authenticate } from "./backends.ts";
import initial from "./migrations/0001_initial.ts";
import { DUPLICATE_USERNAME_MESSAGE, User } from "./models.ts";
import { USERNAME_MESSAGE, validatePassword } from "./validators.ts";

function errorDictOf(error: unknown): Record<string, string[]> {
  assert.ok(error instanceof ValidationError, String(error));
  return error.errorDict ?? { __all__: error.messages };
}

describe("the initial migration", () => {
  test("describes exactly the User model (no drift)", () => {
    let state = emptyState();
    for (const operation of initial.operations) state = stateForwards(state, "auth", operation);
    assert.deepEqual(autodetectChanges(state, stateFromModels([User])), {});
    assert.equal(User.getMeta().dbTable, "auth_user");
  });
});

describe("validatePassword", () => {
  test("lists every broken rule", () => {
    assert.throws(
      () => validatePassword("1234", { username: "bob" }),
      (error: unknown) =>
        error instanceof ValidationError &&
        error.messages.includes(
          "This password is too short. It must contain at least 8 characters.",
        ) &&
        error.messages.includes("This password is entirely numeric."),
    );
    assert.throws(() => validatePassword("alice-the-great", { username: "alice" }), /too similar/);
    assert.throws(() => validatePassword("password"), /too common/);
    validatePassword("v3ry-uncommon-phrase", { username: "alice" });
  });
});

describeTestCase("UserManager", { settings }, (t) => {
  t.test("createUser hashes the password and normalises the email's domain", async () => {
    const user = await User.objects.createUser("alice", {
      email: "Alice@Example.COM",
      password: "s3cret-pass",
    });
    const stored = await User.objects.get({ username: "alice" });
    assert.equal(stored.email, "Alice@example.com");
    assert.match(stored.password, /^scrypt\$/);
    assert.notEqual(stored.password, "s3cret-pass");
    assert.equal(await stored.checkPassword("s3cret-pass"), true);
    assert.equal(await stored.checkPassword("wrong"), false);
    assert.equal(stored.isStaff, false);
    assert.equal(stored.isSuperuser, false);
    assert.equal(stored.isActive, true);
    assert.ok(stored.dateJoined instanceof Date);
    assert.equal(user.isAuthenticated, true);
    assert.equal(user.isAnonymous, false);
    assert.equal(String(user), "alice");
  });

  t.test("createUser without a password makes an unusable one", async () => {
    const user = await User.objects.createUser("nopass");
    assert.equal(user.hasUsablePassword(), false);
    assert.equal(await authenticate(null, { username: "nopass", password: user.password }), null);
  });

  t.test(
    "createUser refuses empty, invalid and duplicate usernames with Django's messages",
    async () => {
      await assert.rejects(User.objects.createUser(""), (error) => {
        assert.deepEqual(errorDictOf(error).username, ["The given username must be set."]);
        return true;
      });
      await assert.rejects(User.objects.createUser("with space"), (error) => {
        assert.deepEqual(errorDictOf(error).username, [USERNAME_MESSAGE]);
        return true;
      });
      await assert.rejects(User.objects.createUser("bob", { email: "not-an-email" }), (error) => {
        assert.deepEqual(errorDictOf(error).email, ["Enter a valid email address."]);
        return true;
      });
      await User.objects.createUser("bob");
      await assert.rejects(User.objects.createUser("bob"), (error) => {
        assert.deepEqual(errorDictOf(error).username, [DUPLICATE_USERNAME_MESSAGE]);
        return true;
      });
      assert.equal(await User.objects.count(), 1);
    },
  );

  t.test("createSuperuser sets the flags and insists on them", async () => {
    const root = await User.objects.createSuperuser("root", {
      email: "root@example.org",
      password: "r00t-pass-word",
    });
    assert.equal(root.isStaff, true);
    assert.equal(root.isSuperuser, true);
    await assert.rejects(
      User.objects.createSuperuser("root2", { isStaff: false }),
      /Superuser must have isStaff=true/,
    );
    await assert.rejects(
      User.objects.createSuperuser("root3", { isSuperuser: false }),
      /Superuser must have isSuperuser=true/,
    );
  });

  t.test("usernames are NFKC-normalised", async () => {
    await User.objects.createUser("ｂｏｂ");
    assert.equal((await User.objects.getByNaturalKey("bob")).username, "bob");
  });
});

describeTestCase("permissions", { settings }, (t) => {
  t.test("superusers have all, staff what is listed, inactive users none", async () => {
    const root = await User.objects.createSuperuser("root", { email: "", password: "pw-root-123" });
    const staff = await User.objects.createUser("editor", {
      isStaff: true,
      userPermissions: ["polls.change_question", "polls.add_question"],
    });
    const plain = await User.objects.createUser("plain");
    assert.equal(root.hasPerm("polls.delete_question"), true);
    assert.equal(root.hasModulePerms("anything"), true);
    assert.equal(staff.hasPerm("polls.add_question"), true);
    assert.equal(staff.hasPerm("polls.delete_question"), false);
    assert.equal(staff.hasPerms(["polls.add_question", "polls.change_question"]), true);
    assert.equal(staff.hasModulePerms("polls"), true);
    assert.equal(staff.hasModulePerms("auth"), false);
    assert.equal(plain.hasPerm("polls.add_question"), false);

    await plain.grantPermissions("polls.vote", "polls.vote");
    assert.deepEqual((await User.objects.get({ pk: plain.id })).permissions, ["polls.vote"]);
    await plain.revokePermissions("polls.vote");
    assert.equal((await User.objects.get({ pk: plain.id })).hasPerm("polls.vote"), false);

    root.isActive = false;
    assert.equal(root.hasPerm("polls.add_question"), false);
  });
});
