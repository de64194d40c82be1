// The admin's app config: its templates and static files (CSS), for INSTALLED_APPS.
import { fileURLToPath } from "node:url";
import type { AppConfig } from "../../conf/index.ts";

/**
 * `django.contrib.admin` as an app config: list it in INSTALLED_APPS (with `APP_DIRS: true`
 * in TEMPLATES) so the admin's templates load and its CSS is served under
 * `STATIC_URL` + `admin/`.
 *
 * @example
 * INSTALLED_APPS: [adminApp, authApp, pollsApp, "django.contrib.messages"]
 */
export const adminApp: AppConfig = {
  name: "django.contrib.admin",
  label: "admin",
  verboseName: "Administration",
  templatesDir: fileURLToPath(new URL("./templates", import.meta.url)),
  staticDir: fileURLToPath(new URL("./static", import.meta.url)),
};
