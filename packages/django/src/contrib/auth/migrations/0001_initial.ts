/**
 * The auth app's first migration (Django's django/contrib/auth/migrations/0001_initial.py,
 * reduced to the one table this app has): `auth_user`. Written as `makeInitialMigration([User])`
 * produces it; the specs are plain data, so the migration keeps describing the schema of its
 * day. A test checks that the models have not drifted from it.
 */
import { createModel } from "../../../db/index.ts";
import type { Migration } from "../../../db/index.ts";

export default {
  initial: true,
  dependencies: [],
  operations: [
    createModel({
      name: "User",
      fields: [
        ["id", { type: "AutoField" }],
        ["password", { type: "CharField", verboseName: "password", maxLength: 128 }],
        [
          "lastLogin",
          { type: "DateTimeField", null: true, blank: true, verboseName: "last login" },
        ],
        ["isSuperuser", { type: "BooleanField", verboseName: "superuser status", default: false }],
        ["username", { type: "CharField", unique: true, verboseName: "username", maxLength: 150 }],
        [
          "firstName",
          { type: "CharField", blank: true, verboseName: "first name", maxLength: 150 },
        ],
        ["lastName", { type: "CharField", blank: true, verboseName: "last name", maxLength: 150 }],
        [
          "email",
          { type: "EmailField", blank: true, verboseName: "email address", maxLength: 254 },
        ],
        ["isStaff", { type: "BooleanField", verboseName: "staff status", default: false }],
        ["isActive", { type: "BooleanField", verboseName: "active", default: true }],
        ["dateJoined", { type: "DateTimeField", verboseName: "date joined" }],
        [
          "userPermissions",
          { type: "TextField", blank: true, verboseName: "user permissions", default: "" },
        ],
      ],
      options: { verboseName: "user", verboseNamePlural: "users" },
    }),
  ],
} satisfies Migration;
