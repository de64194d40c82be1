// The auth app's config (Django's django.contrib.auth.apps.AuthConfig). Listing `authApp` in
// INSTALLED_APPS migrates `auth_user`, finds the registration/ templates and adds the
// createsuperuser and changepassword commands. The string "django.contrib.auth" stays a
// modelless placeholder (src/conf cannot import this folder), so projects list the object.
import { fileURLToPath } from "node:url";
import { defineApp } from "../../db/index.ts";
import type { AppConfigWithCommands } from "../../management/apps.ts";
import { installUserLoader } from "./login.ts";
import { changepasswordCommand } from "./management/changepassword.ts";
import { createsuperuserCommand } from "./management/createsuperuser.ts";
import initial from "./migrations/0001_initial.ts";
import { User } from "./models.ts";

/**
 * `django.contrib.auth` as an `INSTALLED_APPS` entry: label "auth", the User model, its
 * migration, templates (`registration/login.html`, `registration/logged_out.html`) and the
 * `createsuperuser` / `changepassword` commands.
 *
 * @example
 * INSTALLED_APPS: [authApp, pollsApp, "django.contrib.sessions", "django.contrib.messages"]
 */
export const authApp = defineApp({
  name: "django.contrib.auth",
  label: "auth",
  verboseName: "Authentication and Authorization",
  models: [User],
  migrations: { "0001_initial": initial },
  templatesDir: fileURLToPath(new URL("./templates", import.meta.url)),
  commands: { createsuperuser: createsuperuserCommand, changepassword: changepasswordCommand },
}) satisfies AppConfigWithCommands;

// Django's get_user works as soon as auth is installed; here, as soon as it is imported.
installUserLoader();
