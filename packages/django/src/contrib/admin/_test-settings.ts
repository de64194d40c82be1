// Settings of the admin's tests: the admin, auth and a small polls app on a fresh site.
import { STARTPROJECT_MIDDLEWARE } from "../../middleware/index.ts";
import { path } from "../../urls/index.ts";
import { HttpResponse } from "../../http/index.ts";
import { authApp, login, User } from "../auth/index.ts";
import { adminApp } from "./apps.ts";
import { TabularInline } from "./inlines.ts";
import { ModelAdmin } from "./model-admin.ts";
import { AdminSite } from "./site.ts";
import { Answer, Poll, adminPollsApp } from "./_test-models.ts";

export const PASSWORD = "correct-horse-battery";

class AnswerInline extends TabularInline {
  model = Answer;
  override extra = 3;
}

export class PollAdmin extends ModelAdmin {
  override fieldsets = [
    [null, { fields: ["questionText", "featured", "status"] }],
    ["Date information", { fields: ["pubDate"], classes: ["collapse"] }],
  ] as const;
  override inlines = [AnswerInline];
  override listDisplay = ["questionText", "pubDate", "wasPublishedRecently", "featured", "status"];
  override listFilter = ["pubDate", "featured", "status"];
  override searchFields = ["questionText"];
  override listPerPage = 3;
}

export const testSite = new AdminSite();
testSite.register(Poll, PollAdmin);
testSite.register(Answer);

export const settings = {
  SECRET_KEY: "admin-tests",
  INSTALLED_APPS: [adminApp, authApp, adminPollsApp, "django.contrib.messages"],
  MIDDLEWARE: [...STARTPROJECT_MIDDLEWARE],
  ROOT_URLCONF: [
    path("admin/", testSite.urls),
    // Logs anyone in, as a site's own login page would (the admin's refuses non-staff).
    path("site-login/<str:username>/", async (request, { username }: { username: string }) => {
      await login(request, await User.objects.get({ username }));
      return new HttpResponse(username);
    }),
  ],
  TEMPLATES: [{ APP_DIRS: true, OPTIONS: { context_processors: ["request", "auth", "messages"] } }],
  STATIC_URL: "static/",
};
